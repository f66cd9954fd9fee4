"""The portal's news: the Secretaría Técnica writes a draft and publishes it; the public site, the
Atom feed and sitemap.xml show published items from their date on, never a draft or a scheduled
one; the Markdown body never lets markup or a script through; every public page carries its Open
Graph tags."""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal import services
from portal.markdown import render_markdown
from portal.models import News
from tests.factories.members import member_entity, representative_user, secretariat_user

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _png(name: str = "foto.png") -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (4, 3), "navy").save(data, format="PNG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")


@pytest.fixture
def st():
    return secretariat_user()


def _news(st, title: str, *, days_ago: int | None = 1, **extra) -> News:
    """A news item written by the ST: published ``days_ago`` days ago (negative: scheduled), or a draft."""
    extra = {"summary": f"Resumen de {title}", "body": f"Texto de {title}", **extra}
    news = services.news_create(actor=st, title=title, **extra)
    if days_ago is not None:
        news = services.news_publish(actor=st, news=news, now=timezone.now() - datetime.timedelta(days=days_ago))
    return news


@pytest.fixture
def three(st):
    """One published, one draft, one scheduled for next week."""
    published = _news(st, "Noticia publicada")
    draft = _news(st, "Noticia en borrador", days_ago=None)
    scheduled = services.news_create(
        actor=st,
        title="Noticia programada",
        summary="Resumen programado",
        body="Texto programado",
        published_at=timezone.now() + datetime.timedelta(days=7),
    )
    scheduled = services.news_publish(actor=st, news=scheduled)
    return published, draft, scheduled


# The ST's publishing flow ----------------------------------------------------------------------------


def test_the_st_writes_a_draft_publishes_it_and_withdraws_it(client, st):
    client.force_login(st)
    response = client.post(
        reverse("portal:news-create"),
        {"title": "Sesión del Pleno de diciembre", "summary": "El Pleno se reunió.", "body": "**Acuerdos** del día."},
    )
    news = News.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:news-edit", args=[news.pk])
    assert news.state == News.State.DRAFT and news.slug == "sesion-del-pleno-de-diciembre" and news.author == st
    assert client.get(reverse("portal:news-detail", args=[news.slug])).status_code == 404

    client.post(reverse("portal:news-action", args=[news.pk, "publish"]))
    news.refresh_from_db()
    assert news.state == News.State.PUBLISHED and news.published_at <= timezone.now()
    client.logout()
    page = client.get(reverse("portal:news-detail", args=[news.slug]))
    assert page.status_code == 200 and b"<strong>Acuerdos</strong>" in page.content
    assert news.slug in client.get(reverse("portal:news")).content.decode()

    client.force_login(st)
    assert news.title in client.get(reverse("portal:news-manage")).content.decode()
    client.post(reverse("portal:news-action", args=[news.pk, "unpublish"]))
    client.logout()
    assert client.get(reverse("portal:news-detail", args=[news.slug])).status_code == 404


def test_the_st_edits_a_news_item_and_gives_it_an_image_with_its_description(client, st):
    news = _news(st, "Con imagen")
    client.force_login(st)
    url = reverse("portal:news-edit", args=[news.pk])
    data = {"title": "Con imagen", "summary": "Resumen", "body": "Texto", "slug": news.slug}
    refused = client.post(url, {**data, "image": _png()})
    assert refused.status_code == 200 and "Describa la imagen" in refused.content.decode()
    client.post(url, {**data, "image": _png(), "image_alt": "Bandera del Perú"})
    news.refresh_from_db()
    assert news.image and news.image_alt == "Bandera del Perú"
    client.logout()
    image = client.get(reverse("portal:news-image", args=[news.slug]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_an_image_that_is_not_png_or_jpeg_is_refused_on_the_form(client, st):
    client.force_login(st)
    fake = SimpleUploadedFile("foto.png", b"GIF89a" + b"\x00" * 64, content_type="image/png")
    response = client.post(
        reverse("portal:news-create"),
        {"title": "T", "summary": "S", "body": "B", "image": fake, "image_alt": "x"},
    )
    assert response.status_code == 200 and not News.objects.exists()


def test_only_the_secretariat_manages_news(client, st):
    news = _news(st, "Noticia")
    client.force_login(representative_user(member_entity()))
    assert client.get(reverse("portal:news-manage")).status_code == 403
    assert client.post(reverse("portal:news-action", args=[news.pk, "unpublish"])).status_code == 403
    client.logout()
    assert "/cuenta/ingresar/" in client.get(reverse("portal:news-create"))["Location"]
    news.refresh_from_db()
    assert news.state == News.State.PUBLISHED


def test_a_slug_never_takes_a_page_of_the_section(st):
    assert _news(st, "Gestionar", days_ago=None).slug == "gestionar-2"
    assert _news(st, "Noticia", days_ago=None).slug == "noticia"
    assert _news(st, "Noticia", days_ago=None).slug == "noticia-2"


# Drafts and scheduled items never reach the public site ----------------------------------------------


def test_drafts_and_scheduled_news_are_404_for_everyone_on_the_public_site(client, st, three):
    published, draft, scheduled = three
    for who in (None, st, representative_user(member_entity())):
        if who is not None:
            client.force_login(who)
        assert client.get(reverse("portal:news-detail", args=[published.slug])).status_code == 200
        for hidden in (draft, scheduled):
            assert client.get(reverse("portal:news-detail", args=[hidden.slug])).status_code == 404, hidden.title
        listing = client.get(reverse("portal:news")).content.decode()
        home = client.get(reverse("portal:home")).content.decode()
        for page in (listing, home):
            assert published.title in page
            assert draft.title not in page and scheduled.title not in page
        client.logout()


def test_the_feed_is_valid_atom_with_published_news_only(client, st, three):
    published, draft, scheduled = three
    response = client.get(reverse("portal:news-feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (the platform's own output)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") and root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [published.title]
    entry = entries[0]
    link = entry.find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("portal:news-detail", args=[published.slug])) and link.startswith("http")
    assert entry.findtext(f"{ATOM}summary") == published.summary
    assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}published")


def test_the_sitemap_lists_public_pages_and_published_news_only(client, st, three):
    published, draft, scheduled = three
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (the platform's own output)
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    paths = {loc.split("://", 1)[1].split("/", 1)[1] for loc in locations}
    assert reverse("portal:news-detail", args=[published.slug]).lstrip("/") in paths
    assert reverse("portal:home").lstrip("/") in paths and reverse("portal:contact").lstrip("/") in paths
    for hidden in (draft, scheduled):
        assert hidden.slug not in response.content.decode()
    # Nothing of the logged-in site is listed.
    assert all(path.startswith("publico/") for path in paths)


def test_the_sitemap_lists_called_sessions_never_drafts():
    from sessions.models import Session
    from tests.portal.world import build_world

    build_world()
    content = ""
    from django.test import Client

    content = Client().get("/sitemap.xml").content.decode()
    for session in Session.objects.all():
        url = reverse("portal:session", args=[session.pk])
        public = session.state != Session.State.DRAFT and session.kind in Session.PLENARY_KINDS
        assert (f"{url}<" in content) == public, (session.state, session.kind)


# Markdown --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("hola <img src=x onerror=alert(1)>", "<img"),
        ('<a href="https://x.pe">x</a>', "<a href"),
        ("[clic](javascript:alert(1))", 'href="javascript'),
        ("[clic](JavaScript:alert(1))", "href"),
        ("<javascript:alert(1)>", "href"),
        ("[datos](data:text/html;base64,PHNjcmlwdD4=)", "href"),
        ("[vb](vbscript:msgbox)", "href"),
        ("![foto](https://tracker.example/p.png)", "<img"),
        ("<iframe src=https://x.pe></iframe>", "<iframe"),
    ],
)
def test_markdown_never_lets_markup_or_unsafe_links_through(source, forbidden):
    html = render_markdown(source)
    assert forbidden.lower() not in html.lower(), html


def test_markdown_keeps_formatting_and_safe_links():
    html = render_markdown("**Pleno** [acta](https://www.rree.gob.pe/acta) [correo](mailto:st@rree.gob.pe)\n\n- uno")
    assert "<strong>Pleno</strong>" in html and "<li>uno</li>" in html
    assert '<a href="https://www.rree.gob.pe/acta">acta</a>' in html and 'href="mailto:st@rree.gob.pe"' in html


def test_a_script_in_a_news_body_reaches_the_page_as_text(client, st):
    news = _news(st, "Con script", body="<script>alert('x')</script> [x](javascript:alert(1))")
    page = client.get(reverse("portal:news-detail", args=[news.slug])).content.decode()
    assert "&lt;script&gt;alert" in page
    assert "<script>alert" not in page and 'href="javascript' not in page


# Open Graph --------------------------------------------------------------------------------------------


def _meta(html: str, prop: str) -> str | None:
    import re

    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_every_public_page_carries_description_and_open_graph_tags(client, st):
    news = _news(st, "Noticia compartida", image=_png(), image_alt="Foto del Pleno")
    for url in (reverse("portal:home"), reverse("portal:news"), reverse("portal:contact")):
        html = client.get(url).content.decode()
        for prop in ("description", "og:title", "og:description", "og:type", "og:url"):
            assert _meta(html, prop), (url, prop)
        assert _meta(html, "og:type") == "website"
        assert _meta(html, "og:url") == f"http://testserver{url}"
        assert f'type="application/atom+xml" href="{reverse("portal:news-feed")}"' in html
    detail = reverse("portal:news-detail", args=[news.slug])
    html = client.get(detail).content.decode()
    assert _meta(html, "og:title") == "Noticia compartida · MTIGM"
    assert _meta(html, "og:description") == news.summary == _meta(html, "description")
    assert _meta(html, "og:type") == "article"
    assert _meta(html, "og:image") == "http://testserver" + reverse("portal:news-image", args=[news.slug])
    assert _meta(html, "og:image:alt") == "Foto del Pleno"


def test_the_st_list_shows_drafts_scheduled_and_published_items_and_one_without_author(client, st, three):
    News.objects.create(slug="sin-autor", title="Sin autor", summary="S", body="B")
    client.force_login(st)
    page = client.get(reverse("portal:news-manage")).content.decode()
    for title in ("Noticia publicada", "Noticia en borrador", "Noticia programada", "Sin autor"):
        assert title in page
    assert "Programada" in page
