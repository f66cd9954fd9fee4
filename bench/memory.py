"""Memory of a gunicorn worker after 1,000 mixed requests (issue 11, "Memory"; run by bench/run).

    python bench/memory.py <base URL> <gunicorn master pid> [requests]

Signs in as the demo's Secretaría Técnica (the role that sees the most), takes an API token, and
sends ``requests`` (1,000) requests spread over the application's pages and APIs: the home page,
the session list and session pages, agreements, plans, the registry and its history, norms, the
messages page, the calendar API page by page, the other list APIs and the public ICS feed. Then it
reads the resident set size (VmRSS) of each worker of the gunicorn master and prints it next to
what each worker held before the requests. The issue's bound is 200 MB per worker; this is a
reading, not a ratio, so it is printed and never asserted.
"""

from __future__ import annotations

import http.cookiejar
import itertools
import json
import re
import sys
import urllib.parse
import urllib.request

PASSWORD = "demo-mtigm"  # noqa: S105 - the demo's published password, on a throwaway database


def worker_rss_mb(master: int) -> dict[int, float]:
    with open(f"/proc/{master}/task/{master}/children", encoding="ascii") as listing:
        children = listing.read().split()
    sizes = {}
    for pid in map(int, children):
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1]) / 1024
    return sizes


def browser(base: str) -> urllib.request.OpenerDirector:
    """An opener signed in as the ST through the login form, as a browser is (cookie and CSRF)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/cuenta/ingresar/").read().decode()  # noqa: S310 - loopback URL given by bench/run
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        sys.exit("no CSRF token on the login page")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "username": "st", "password": PASSWORD})
    request = urllib.request.Request(f"{base}/cuenta/ingresar/", data=form.encode(), headers={"Referer": base + "/"})  # noqa: S310
    opener.open(request).read()
    return opener


def api_token(base: str) -> str:
    request = urllib.request.Request(  # noqa: S310 - loopback URL given by bench/run
        f"{base}/api/v1/auth/token/",
        data=json.dumps({"username": "st", "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:  # noqa: S310 - loopback URL given by bench/run
        return str(json.load(answer)["token"])


def main() -> None:
    base, master = sys.argv[1].rstrip("/"), int(sys.argv[2])
    total = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    before = worker_rss_mb(master)
    opener = browser(base)
    token = api_token(base)
    pages = ["/", "/sesiones/", "/acuerdos/", "/planes/", "/registro/", "/normas/", "/mensajes/"]
    sessions = json.load(
        urllib.request.urlopen(  # noqa: S310 - loopback URL given by bench/run
            urllib.request.Request(  # noqa: S310 - loopback URL given by bench/run
                f"{base}/api/v1/sessions/?page=10", headers={"Authorization": f"Token {token}"}
            )
        )
    )["results"]
    pages += [f"/sesiones/{row['id']}/" for row in sessions[:10]]
    apis = [f"/api/v1/sessions/?page={n}" for n in range(1, 11)]
    apis += ["/api/v1/entities/", "/api/v1/designations/", "/api/v1/agreements/", "/api/v1/norms/"]
    apis += ["/api/v1/ballots/", "/api/v1/workplans/plans/", "/api/v1/auth/tokens/"]
    mix = itertools.cycle(
        [("page", path) for path in pages] + [("api", path) for path in apis] + [("feed", "/sesiones/calendario.ics")]
    )
    failures = 0
    for kind, path in itertools.islice(mix, total):
        if kind == "page":
            request = urllib.request.Request(base + path)  # noqa: S310 - loopback URL given by bench/run
            sender = opener.open
        else:
            headers = {"Authorization": f"Token {token}"} if kind == "api" else {}
            request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - loopback URL
            sender = urllib.request.urlopen
        try:
            with sender(request) as answer:  # noqa: S310 - loopback URL given by bench/run
                answer.read()
        except urllib.error.HTTPError as error:
            failures += 1
            print(f"  {error.code} {path}", file=sys.stderr)
    after = worker_rss_mb(master)
    largest = max(after.values())
    print(
        f"{'Memory: RSS per gunicorn worker after ' + str(total) + ' mixed requests':58} "
        f"max {largest:.0f} MB (workers: {', '.join(f'{after[p]:.0f}' for p in sorted(after))} MB; "
        f"before: {', '.join(f'{before.get(p, 0):.0f}' for p in sorted(after))} MB; bound 200 MB"
        + (f"; {failures} requests failed" if failures else "")
        + ")"
    )


if __name__ == "__main__":
    main()
