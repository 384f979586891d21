"""The pair's workspace: messages, planned meetings, goals (DESIGN §13)."""
