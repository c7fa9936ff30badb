"""People and organisations of the ICS: who holds which post where, and when."""
