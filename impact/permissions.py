"""The model permissions each staff page of ``impact`` checks (DESIGN §10: permissions, not
only ``is_staff``). The regional staff group holds them all (``nqt.core.staff``); a staff
account outside it, or in a narrower group, is refused what its permissions do not cover.
"""

from candidates.access import SENSITIVE_DATA

# The dashboard and the funder report: the programme's figures, counted over mentorships.
DASHBOARD = ("mentoring.view_mentorship",)
# Each export: a view permission on the records it lists.
EXPORT_CANDIDATES = ("candidates.view_candidate",)
EXPORT_MENTORSHIPS = ("mentoring.view_mentorship",)
EXPORT_OUTCOMES = ("mentoring.view_outcome",)
# The candidates export's sensitive columns (``donnees=sensibles``).
EXPORT_CANDIDATES_SENSITIVE = (*EXPORT_CANDIDATES, SENSITIVE_DATA)
