"""icsportal: the website and content system of an Integrated Care System."""
