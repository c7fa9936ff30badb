"""What the search tests share."""

import pytest

from icsportal import search


@pytest.fixture
def cap(monkeypatch):
    """Set the search's cap (COUNT_CAP), with no statement left compiled for the old one."""
    def set_cap(value):
        monkeypatch.setattr(search, "COUNT_CAP", value)
        monkeypatch.setattr(search, "_statements", {})
    return set_cap
