import pytest

from governance.models import PublicQuestion
from tests.governance.privacy import START_URLS, crawl, leaks

pytestmark = pytest.mark.django_db


def test_no_public_page_shows_a_questioners_contact_details(client, demo):
    secrets = [
        value
        for question in PublicQuestion.objects.all()
        for value in (question.contact_address, question.contact_email, question.contact_phone)
    ]
    assert len([s for s in secrets if s]) == 6  # the demo's two questions, three details each
    pages = crawl(client)
    assert set(START_URLS) <= set(pages), set(START_URLS) - set(pages)
    assert any(url.startswith("/people/") and url != "/people/" for url in pages)
    assert any(url.startswith("/organisations/") and url != "/organisations/" for url in pages)
    assert "Mr Godfrey Jennings" in pages["/meetings/rutland-hwb/2022-02-22/"]
    assert leaks(pages, secrets) == []


def test_the_crawl_would_notice_a_leak(client, demo):
    pages = crawl(client, ["/meetings/rutland-hwb/2022-02-22/"], limit=1)
    assert leaks(pages, ["Godfrey Jennings"]) == [
        ("/meetings/rutland-hwb/2022-02-22/", "Godfrey Jennings")
    ]
