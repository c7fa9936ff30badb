"""Static files as production collects them: every script a page loads is named by its
hash, so a browser keeps it for a year instead of asking again after a minute."""

import json
import re

import pytest
from django.core.management import call_command

IMPORT = re.compile(r'import\s*\{[^}]*\}\s*from\s*"([^"]+)"')


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """(the folder collectstatic filled with the production storage, its manifest)."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("static")
    storages = {"staticfiles": {"BACKEND": "icsportal.staticfiles.StaticStorage"}}
    with override_settings(STATIC_ROOT=str(root), STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root, json.loads((root / "staticfiles.json").read_text())["paths"]


def test_the_site_s_script_imports_the_hashed_copy_of_nhs_uk_s(collected):
    root, manifest = collected
    site_js = (root / manifest["js/site.js"]).read_text()
    imported = IMPORT.findall(site_js)
    vendor = manifest["vendor/nhsuk-frontend/nhsuk-frontend.min.js"]
    assert imported == ["../" + vendor]
    assert re.search(r"\.[0-9a-f]{12}\.js$", vendor)
    assert (root / "js" / imported[0]).resolve() == (root / vendor).resolve()
    assert (root / vendor).is_file()


def test_the_plain_script_still_imports_by_the_plain_name(collected):
    """The unhashed copy is kept as it was written (DEBUG serves it)."""
    root, _manifest = collected
    assert IMPORT.findall((root / "js/site.js").read_text()) == [
        "../vendor/nhsuk-frontend/nhsuk-frontend.min.js"]
