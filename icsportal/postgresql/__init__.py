"""The PostgreSQL backend the site runs on: Django's, with repeated statements prepared."""
