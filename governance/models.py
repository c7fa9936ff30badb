"""Models of the governance app."""
