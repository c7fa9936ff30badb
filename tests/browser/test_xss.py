"""In a real Chromium, no stored XSS vector runs, and the admin editor works under its CSP."""

import pytest
from django.test import Client

from tests.browser.conftest import login
from tests.security.xss_vectors import VECTORS

pytestmark = pytest.mark.django_db(transaction=True)


class Watch:
    """Records anything on a page that shows a script ran or the CSP had to stop one."""

    def __init__(self, page):
        self.events = []
        page.on("dialog", self.on_dialog)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.events.append(f"page error: {error}"))
        # The console does not report every violation; the DOM event does.
        page.add_init_script(
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation', e => window.__csp.push("
            "e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
        )

    def on_dialog(self, dialog):
        self.events.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def on_console(self, message):
        # Images the vectors point at (/media/x.png) do not exist; a 404 is not a finding.
        if message.text.startswith("Failed to load resource"):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            self.events.append(f"console: {message.text}")

    def check(self, page, where):
        page.wait_for_load_state("load")
        # Give handlers such as onload/onerror/ontoggle/animations their moment.
        page.wait_for_timeout(150)
        if page.evaluate("window.__xss === 1"):
            self.events.append(f"window.__xss set on {where}")
        for violation in page.evaluate("window.__csp"):
            self.events.append(f"CSP violation on {where}: {violation}")


def store_through_admin(superuser):
    client = Client()
    client.force_login(superuser)
    slugs = []
    for number, vector in enumerate(VECTORS):
        if "\x00" in vector:
            continue  # Refused by the form (tests/security/test_xss.py).
        response = client.post("/admin/people/person/add/", {
            "given_name": "Vector", "family_name": str(number), "slug": f"vector-{number}",
            "biography": vector, "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        })
        assert response.status_code == 302, number
        slugs.append(f"vector-{number}")
    response = client.post("/admin/people/person/add/", {
        "given_name": "All", "family_name": "Vectors", "slug": "all-vectors",
        "biography": "".join(v for v in VECTORS if "\x00" not in v),
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    return ["all-vectors", *slugs]


def test_no_stored_vector_runs_on_the_person_pages(live_server, page, superuser):
    watch = Watch(page)
    # Each vector on its own page too, so none can hide behind another's unclosed tag.
    for slug in store_through_admin(superuser):
        response = page.goto(f"{live_server.url}/people/{slug}/")
        assert response.status == 200
        watch.check(page, slug)
    assert watch.events == []


def test_the_admin_editor_loads_and_takes_typing_without_a_csp_violation(
    live_server, page, superuser
):
    watch = Watch(page)
    login(page, live_server, superuser.username)
    page.goto(f"{live_server.url}/admin/people/person/add/")
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for(state="visible")
    editable.click()
    page.keyboard.type("Chair of the board since 2022.")
    page.keyboard.press("Control+b")
    page.keyboard.type(" Bold words.")
    assert "Chair of the board since 2022." in editable.inner_text()
    # CKEditor keeps invisible word joiners around the caret inside <strong>.
    assert "Bold words." in page.locator(".ck-editor__editable strong").inner_text()
    page.goto(f"{live_server.url}/admin/flatpages/flatpage/add/")
    page.locator(".ck-editor__editable").first.wait_for(state="visible")
    watch.check(page, "admin")
    assert watch.events == []


def test_a_picture_pasted_from_another_site_is_refused_and_the_text_comes_back(
    live_server, page, superuser
):
    """A partner's press release pasted with its picture: the form says what to do, and
    the editor comes back with everything pasted (icsportal.richtext)."""
    login(page, live_server, superuser.username)
    page.goto(f"{live_server.url}/admin/people/person/add/")
    page.fill("#id_given_name", "Asha")
    page.fill("#id_family_name", "Patel")
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for(state="visible")
    editable.click()
    picture = "https://www.partner-trust.example/news/ward.jpg"
    page.evaluate("""html => {
        const data = new DataTransfer();
        data.setData("text/html", html);
        data.setData("text/plain", "The new ward opened today.");
        document.querySelector(".ck-editor__editable").dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    }""", f'<p>The new ward opened today.</p><figure class="image"><img src="{picture}" '
          'alt="The new ward"></figure>')
    assert page.locator(f'.ck-editor__editable img[src="{picture}"]').count() == 1
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/admin/people/person/add/"  # not saved
    assert "Pictures must be uploaded to this site" in page.locator(".errorlist").first.inner_text()
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for(state="visible")
    assert "The new ward opened today." in editable.inner_text()
    assert page.locator(f'.ck-editor__editable img[src="{picture}"]').count() == 1
    assert page.input_value("#id_given_name") == "Asha"
