"""The follow-up of a mentorship (DESIGN §7): meetings, introductions, the action plan, the next
meeting, check-ins, outcomes and durability (``services``), the shared mentorship page (``views``,
``forms``, ``selectors``) and the daily sweep of reminders (``reminders``)."""
