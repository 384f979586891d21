"""The pair's workspace on the mentorship page (DESIGN §13)."""
