"""Every hostile vector, saved through the admin forms, is stored with nothing executable."""

from html.parser import HTMLParser

import pytest
from django.contrib.flatpages.models import FlatPage

from icsportal.richtext import ALLOWED_TAGS
from people.models import Person
from tests.security.xss_vectors import VECTORS

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


class Inspector(HTMLParser):
    """Collects whatever in a fragment a browser could execute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"handler {name}")
            if name == "style":
                self.problems.append("style attribute")
            if name in URL_ATTRIBUTES and value:
                # Browsers ignore whitespace and control characters inside a scheme.
                squeezed = "".join(ch for ch in value if ord(ch) > 0x20).lower()
                if squeezed.startswith(BAD_SCHEMES):
                    self.problems.append(f"{name}={value!r}")

    handle_startendtag = handle_starttag


def executable_parts(html):
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_the_inspector_itself_catches_what_it_looks_for():
    dirty = '<p style="x" onclick="y"><a href=" JAVA\tscript:z">a</a><script></script></p>'
    assert executable_parts(dirty) == [
        "style attribute", "handler onclick", "href=' JAVA\\tscript:z'", "element <script>",
    ]


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def save_biography_through_the_admin(client, number, vector):
    response = client.post("/admin/people/person/add/", {
        "given_name": "Vector", "family_name": f"Number {number}", "slug": f"vector-{number}",
        "biography": f"<p>Before</p>{vector}<p>After</p>",
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    })
    if "\x00" in vector:
        # Django's form fields refuse NUL outright: nothing is stored at all.
        assert "Null characters are not allowed." in response.content.decode()
        return None
    assert response.status_code == 302, response.content.decode()[:1000]
    return Person.objects.get(slug=f"vector-{number}")


def test_biographies_saved_through_the_admin_keep_nothing_executable(admin_client):
    # One login for the whole corpus keeps this fast; failures name every bad vector.
    failures = {}
    for number, vector in enumerate(VECTORS):
        person = save_biography_through_the_admin(admin_client, number, vector)
        if person is None:
            continue
        if problems := executable_parts(person.biography):
            failures[number] = (vector, person.biography, problems)
        page = admin_client.get(person.get_absolute_url()).content.decode()
        # Unclosed vectors may swallow what follows them; what precedes must survive.
        assert "<p>Before</p>" in page
    assert failures == {}
    assert Person.objects.count() == len([v for v in VECTORS if "\x00" not in v])


def test_a_flat_page_saved_through_the_admin_keeps_nothing_executable(admin_client):
    response = admin_client.post("/admin/flatpages/flatpage/add/", {
        "url": "/about/", "title": "About", "sites": ["1"], "template_name": "",
        "content": "".join(v for v in VECTORS if "\x00" not in v),
    })
    assert response.status_code == 302, response.content.decode()[:1000]
    stored = FlatPage.objects.get(url="/about/").content
    assert executable_parts(stored) == [], stored
    assert "javascript" not in stored.lower()


def test_template_syntax_in_rich_text_is_shown_as_text_not_evaluated(admin_client):
    admin_client.post("/admin/people/person/add/", {
        "given_name": "Tem", "family_name": "Plate", "slug": "tem-plate",
        "biography": "<p>{{ 7|add:42 }} {% now %}</p>",
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    })
    page = admin_client.get("/people/tem-plate/").content.decode()
    assert "<p>{{ 7|add:42 }} {% now %}</p>" in page


def test_legacy_content_stored_without_the_form_is_sanitised_when_rendered(client, db):
    from django.contrib.sites.models import Site

    # PostgreSQL text cannot hold NUL at all, so that vector cannot be legacy content.
    content = "".join(v for v in VECTORS if "\x00" not in v)
    page = FlatPage.objects.create(url="/about/", title="About", content=content)
    page.sites.add(Site.objects.get_current())
    body = client.get("/about/").content.decode()
    opening = '<div class="ics-rich-text">'
    main = body[body.index(opening) + len(opening):body.index("</main>")]
    assert executable_parts(main) == [], main
