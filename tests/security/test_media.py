"""Uploaded files are served with headers that stop them being treated as pages."""

import importlib

import pytest
from django.urls import clear_url_caches


@pytest.fixture
def serving_media(settings, tmp_path):
    """icsportal.urls as a small deployment with ICSPORTAL_SERVE_MEDIA=1 builds it."""
    import icsportal.urls

    settings.MEDIA_ROOT = tmp_path
    settings.ICSPORTAL_SERVE_MEDIA = True
    importlib.reload(icsportal.urls)
    clear_url_caches()
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "a1b2.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
    (tmp_path / "papers.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    (tmp_path / "page.html").write_text("<script>alert(1)</script>")
    yield tmp_path
    settings.ICSPORTAL_SERVE_MEDIA = False
    importlib.reload(icsportal.urls)
    clear_url_caches()


def test_media_is_not_served_by_django_unless_asked(client, db):
    assert client.get("/media/people/a1b2.jpg").status_code == 404


def test_images_are_served_inline_sandboxed_and_never_sniffed(client, serving_media, db):
    response = client.get("/media/people/a1b2.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="a1b2.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_uploads_are_kept_by_browsers_and_a_cdn_for_a_year(client, serving_media, db):
    """Random names, never rewritten: what an address holds never changes."""
    for path in ["/media/people/a1b2.jpg", "/media/papers.pdf"]:
        response = client.get(path)
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_revalidated_upload_is_judged_by_its_own_date_not_the_pages_version(
    client, serving_media, db
):
    """The page cache answers a page's revalidation from the site's content version; an
    upload's comes from its file, and keeps its own lifetime, which a CDN takes from a 304."""
    modified = client.get("/media/people/a1b2.jpg")["Last-Modified"]
    response = client.get("/media/people/a1b2.jpg", HTTP_IF_MODIFIED_SINCE=modified)
    assert response.status_code == 304
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "ETag" not in response  # the pages' validator, from the content version


def test_pdfs_are_served_inline_under_the_site_policy(client, serving_media, db):
    response = client.get("/media/papers.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="papers.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["page.html", "../settings.py", "people/", "people/../page.html"])
def test_anything_but_accepted_uploads_is_not_served(client, serving_media, db, path):
    assert client.get(f"/media/{path}").status_code == 404
