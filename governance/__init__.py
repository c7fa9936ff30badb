"""Governance: boards, their meetings, minutes, decisions and public questions."""
