"""The entity history page reads a long history a page at a time, with the same queries per page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.selectors import HISTORY_PER_PAGE
from tests.factories.members import DesignationFactory, member_entity

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def entity(db):
    return member_entity("MINJUS", start=D(2012, 1, 1))


def edit(designation, times, start=0):
    """Change the designation ``times`` times, each change one historical record."""
    for n in range(start, start + times):
        designation.resolution_number = f"RM-{n:04d}"
        designation.save()


def url(entity, page=None):
    base = f"/registro/entidades/{entity.pk}/historial/"
    return base if page is None else f"{base}?page={page}"


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_history_is_paged_and_the_second_page_reaches_the_oldest_changes(client, st_user, entity):
    designation = DesignationFactory(entity=entity, start=D(2014, 1, 1), resolution_number="RM-START")
    edit(designation, HISTORY_PER_PAGE + 5)
    client.force_login(st_user)
    first, _ = get(client, url(entity))
    second, _ = get(client, url(entity, 2))
    # Newest first: the last edit on page one, the designation's creation and the entity's on page two.
    assert f"RM-{HISTORY_PER_PAGE + 4:04d}" in first
    assert "Página 1 de 2" in first and "page=2" in first
    assert "Página 2 de 2" in second
    assert "RM-START" in second and "RM-START" not in first.split("<tbody>")[1]
    assert second.count("<tr>") < first.count("<tr>")


def test_each_row_shows_what_changed_against_the_previous_version(client, st_user, entity):
    designation = DesignationFactory(entity=entity, start=D(2014, 1, 1), resolution_number="RM-OLD")
    designation.resolution_number = "RM-NEW"
    designation.save()
    client.force_login(st_user)
    page, _ = get(client, url(entity))
    assert "RM-OLD → RM-NEW" in page
    assert str(designation.person) in page


def test_a_page_runs_the_same_queries_for_a_short_and_a_long_history(client, st_user, entity):
    # A short history with one change of each table: a page that reads all three, with previous versions.
    entity.name = "Ministerio de Justicia"
    entity.save()
    membership = entity.memberships.get()
    membership.legal_basis = "D.S. 067-2011-PCM"
    membership.save()
    designation = DesignationFactory(entity=entity, start=D(2014, 1, 1))
    edit(designation, 1)
    client.force_login(st_user)
    get(client, url(entity))  # The first request of a session fills caches the next ones read.
    _, short = get(client, url(entity))
    # Five pages of edits later, the first page shows designation changes only (fewer tables to read),
    # and the last one the same three tables as before: no page costs a query per row.
    edit(designation, 5 * HISTORY_PER_PAGE, start=1)
    _, first = get(client, url(entity))
    oldest, last = get(client, url(entity, 6))  # 256 records: 5 full pages and the 6 oldest.
    assert "Ministerio de Justicia" in oldest and "D.S. 067-2011-PCM" in oldest
    assert last == short
    assert first <= short


@pytest.mark.parametrize("page", ["999", "0", "-1", "abc", "1.5", ""])
def test_an_out_of_range_or_malformed_page_shows_a_page_not_an_error(client, st_user, entity, page):
    designation = DesignationFactory(entity=entity, start=D(2014, 1, 1))
    edit(designation, HISTORY_PER_PAGE + 1)
    client.force_login(st_user)
    body, _ = get(client, url(entity, page))
    assert "Página" in body
