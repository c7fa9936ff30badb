"""Bulletins: publications, their numbered issues and the articles in them."""
