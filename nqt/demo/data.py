"""Demo data: the Grand Est region as DESIGN §1 describes it, for a local platform.

``seed_demo`` writes raw records, never through the services, so no notification is sent:

- 56 active partner companies (plus two former partners and a prospect), each with one
  company contact;
- 140 active mentors (plus a few awaiting activation and a few who left);
- the 2017 cohort: 208 mentorships started in 2017, all ended, 148 of them (71 %) with a
  durable job at level, the 60 others spread over the endings the KPIs must not count;
- 300+ current candidates in every status, with their history, mentorships, meetings,
  introductions and outcomes;
- one login per role, sharing ``DEMO_PASSWORD``.

Generators are seeded, so every run builds the same people; the current candidates' dates are
relative to today. The whole seed runs in one transaction, so a database holds either all of it
or none of it, and the presence of the demo admin account tells that it is already loaded.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import phonenumbers
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.text import slugify
from faker import Faker
from stdnum import luhn

from candidates.models import Candidate, Document, StatusChange
from candidates.uploads import check_upload
from companies.models import Company, CompanyContact
from mentoring.matching import criteria
from mentoring.models import (
    Goal,
    Introduction,
    Meeting,
    Mentor,
    Mentorship,
    Message,
    Outcome,
    PlannedMeeting,
)
from nqt.core.french import elide, mid_sentence
from nqt.core.models import Department, DiplomaLevel, JobFamily, Language, Region, Sector, User
from nqt.core.staff import REGIONAL_STAFF_GROUP, ensure_regional_staff_group

from . import documents as demo_documents

SEED = 2017
DEMO_DOMAIN = "demo.example.org"
# Shared by the five demo logins of a local platform; the command refuses to run on a
# production configuration (DEBUG off) unless forced.
DEMO_PASSWORD = "parrainage-demo-2017"  # noqa: S105
REGION_SLUG = "grand-est"
PARIS = ZoneInfo("Europe/Paris")

ACTIVE_PARTNERS = 56  # Grand Est's partner companies (DESIGN §1)
ENDED_COMPANIES = 2
PROSPECT_COMPANIES = 1
COMPANY_COUNT = ACTIVE_PARTNERS + ENDED_COMPANIES + PROSPECT_COMPANIES
ACTIVE_MENTORS = 140
VETERAN_MENTORS = 75  # active today and already active in 2017
PENDING_MENTORS = 6
INACTIVE_MENTORS = 18
PAUSED_MENTORS = 5
COHORT_YEAR = 2017
COHORT_SIZE = 208  # 148 of them end in a durable job at level: see COHORT_ENDINGS

Status = Candidate.Status
MStatus = Mentorship.Status
EndReason = Mentorship.EndReason
Contract = Outcome.ContractType

# How many current candidates of each status (DESIGN §5); in_mentorship includes the demo one.
CURRENT_CANDIDATES = {
    Status.DRAFT: 30,
    Status.SUBMITTED: 40,
    Status.INCOMPLETE: 15,
    Status.ELIGIBLE: 35,
    Status.INELIGIBLE: 25,
    Status.IN_MENTORSHIP: 110,
    Status.PLACED: 45,
    Status.ALUMNI: 30,
    # Stepped back after their validation (out of the queues, kept in the figures).
    Status.PAUSED: 4,
    Status.WITHDRAWN: 3,
}

# Why the demo's paused and withdrawn candidates stepped back, with their own words.
AWAY = {
    Status.PAUSED: [
        (Candidate.AwayReason.NOT_AVAILABLE, "Je termine un stage jusqu'à la fin du mois."),
        (Candidate.AwayReason.OTHER, "Raisons familiales, je reviens dans quelques semaines."),
    ],
    Status.WITHDRAWN: [
        (Candidate.AwayReason.JOB_FOUND, "J'ai signé un CDI dans une PME de Metz."),
        (Candidate.AwayReason.MOVING_ABROAD, "Je pars travailler à Montréal."),
    ],
}


@dataclass(frozen=True)
class Ending:
    """How a finished mentorship ended, and what the candidate got."""

    status: str
    reason: str
    contract: str | None  # None: no Outcome row at all
    at_level: bool = False

    @property
    def has_job(self) -> bool:
        """Whether the outcome is a job (with a start date): the candidate is then placed, as
        when staff confirm such an outcome (followup.services.outcome_confirm)."""
        return self.contract in Outcome.JOB_CONTRACTS

    @property
    def durable_at_level(self) -> bool:
        return self.contract in Outcome.DURABLE_CONTRACTS and self.at_level


def _endings(*groups: tuple[int, Ending]) -> list[Ending]:
    return [ending for count, ending in groups for _ in range(count)]


_DONE, _CUT = MStatus.COMPLETED, MStatus.INTERRUPTED

# The 2017 cohort: 148 durable jobs at level, then the 60 endings the success rate must not
# count (interruptions, short or precarious contracts, durable jobs below the diploma's level).
COHORT_ENDINGS = _endings(
    (105, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDI, at_level=True)),
    (33, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDD_LONG, at_level=True)),
    (10, Ending(_DONE, EndReason.JOB_FOUND, Contract.BUSINESS_CREATION, at_level=True)),
    (6, Ending(_CUT, EndReason.CANDIDATE_UNREACHABLE, None)),
    (3, Ending(_CUT, EndReason.MENTOR_UNAVAILABLE, None)),
    (3, Ending(_CUT, EndReason.MISMATCH, Contract.NONE)),
    (3, Ending(_CUT, EndReason.NO_LONGER_NEEDED, Contract.NONE)),
    (3, Ending(_CUT, EndReason.OTHER, None)),
    (6, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDD_SHORT, at_level=True)),
    (4, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDD_SHORT)),
    (6, Ending(_DONE, EndReason.JOB_FOUND, Contract.INTERIM)),
    (5, Ending(_DONE, EndReason.JOB_FOUND, Contract.WORK_STUDY)),
    (3, Ending(_DONE, EndReason.JOB_FOUND, Contract.CIVIC_SERVICE)),
    (7, Ending(_DONE, EndReason.OTHER, Contract.FURTHER_STUDY)),
    (7, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDI)),
    (4, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDD_LONG)),
)

PLACED_ENDINGS = _endings(
    (24, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDI, at_level=True)),
    (6, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDD_LONG, at_level=True)),
    (3, Ending(_DONE, EndReason.JOB_FOUND, Contract.BUSINESS_CREATION, at_level=True)),
    (4, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDD_SHORT)),
    (4, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDI)),
    (2, Ending(_DONE, EndReason.JOB_FOUND, Contract.WORK_STUDY)),
    (2, Ending(_DONE, EndReason.JOB_FOUND, Contract.INTERIM)),
)

ALUMNI_ENDINGS = _endings(
    (15, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDI, at_level=True)),
    (3, Ending(_DONE, EndReason.JOB_FOUND, Contract.CDD_LONG, at_level=True)),
    (4, Ending(_CUT, EndReason.CANDIDATE_UNREACHABLE, None)),
    (2, Ending(_CUT, EndReason.MISMATCH, Contract.NONE)),
    (2, Ending(_CUT, EndReason.NO_LONGER_NEEDED, Contract.NONE)),
    (4, Ending(_DONE, EndReason.OTHER, Contract.FURTHER_STUDY)),
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str


CANDIDATE_LOGIN = DemoLogin("Candidate", f"candidat@{DEMO_DOMAIN}")
MENTOR_LOGIN = DemoLogin("Mentor", f"parrain@{DEMO_DOMAIN}")
CONTACT_LOGIN = DemoLogin("Company contact", f"entreprise@{DEMO_DOMAIN}")
STAFF_LOGIN = DemoLogin("Regional staff (Grand Est)", f"staff-grand-est@{DEMO_DOMAIN}")
ADMIN_LOGIN = DemoLogin("National admin", f"admin@{DEMO_DOMAIN}")
DEMO_LOGINS = (CANDIDATE_LOGIN, MENTOR_LOGIN, CONTACT_LOGIN, STAFF_LOGIN, ADMIN_LOGIN)

# --- Vocabularies ---------------------------------------------------------------------------
# "masculine|feminine" where the French title differs.

# Weights of Grand Est departments by population, for homes and company sites.
DEPARTMENT_WEIGHTS = {
    "67": 24,
    "57": 20,
    "54": 14,
    "68": 14,
    "51": 10,
    "10": 5,
    "08": 4,
    "88": 5,
    "52": 2,
    "55": 2,
}

# (city, postcode, priority neighbourhoods) per department: where QPV residents live.
CITIES = {
    "08": [("Charleville-Mézières", "08000", ["La Houillère", "Ronde Couture"]),
           ("Sedan", "08200", ["Le Lac"])],
    "10": [("Troyes", "10000", ["Chantereigne", "Jules Guesde", "Les Chartreux"]),
           ("Romilly-sur-Seine", "10100", ["Le Perrier"])],
    "51": [("Reims", "51100", ["Croix-Rouge", "Orgeval", "Wilson", "Europe"]),
           ("Châlons-en-Champagne", "51000", ["Rive Gauche"]),
           ("Épernay", "51200", ["Bernon"])],
    "52": [("Saint-Dizier", "52100", ["Le Vert-Bois"]),
           ("Chaumont", "52000", ["Cavalier"])],
    "54": [("Nancy", "54000", ["Plateau de Haye"]),
           ("Vandœuvre-lès-Nancy", "54500", ["Les Nations"]),
           ("Laxou", "54520", ["Les Provinces"]),
           ("Lunéville", "54300", ["Quartiers Est"])],
    "55": [("Verdun", "55100", ["Cité Verte"]),
           ("Bar-le-Duc", "55000", ["Côte Sainte-Catherine"])],
    "57": [("Metz", "57070", ["Borny", "Bellecroix"]),
           ("Metz", "57050", ["Patrotte Metz-Nord"]),
           ("Thionville", "57100", ["Côte des Roses"]),
           ("Forbach", "57600", ["Wiesberg"]),
           ("Woippy", "57140", ["Saint-Éloy"])],
    "67": [("Strasbourg", "67200", ["Hautepierre", "Cronenbourg", "Elsau"]),
           ("Strasbourg", "67100", ["Neuhof", "Meinau"]),
           ("Schiltigheim", "67300", ["Les Écrivains"]),
           ("Haguenau", "67500", ["Les Pins - Musau"])],
    "68": [("Mulhouse", "68200", ["Les Coteaux", "Bourtzwiller", "Drouot-Jonquilles"]),
           ("Colmar", "68000", ["Europe-Schweitzer"]),
           ("Saint-Louis", "68300", ["La Gare"])],
    "88": [("Épinal", "88000", ["Bitola-Champbeauvert"]),
           ("Saint-Dié-des-Vosges", "88100", ["Kellermann"])],
}  # fmt: skip

# Small towns in rural revitalisation zones (ZRR), where ZRR residents live.
RURAL_TOWNS = {
    "08": [("Vouziers", "08400"), ("Rocroi", "08230")],
    "10": [("Bar-sur-Aube", "10200"), ("Bar-sur-Seine", "10110")],
    "51": [("Sainte-Menehould", "51800"), ("Sézanne", "51120")],
    "52": [("Langres", "52200"), ("Joinville", "52300")],
    "54": [("Blâmont", "54450"), ("Cirey-sur-Vezouze", "54480")],
    "55": [("Stenay", "55700"), ("Commercy", "55200")],
    "57": [("Bitche", "57230"), ("Dieuze", "57260")],
    "67": [("Saales", "67420"), ("Villé", "67220")],
    "68": [("Masevaux-Niederbruck", "68290"), ("Sainte-Marie-aux-Mines", "68160")],
    "88": [("Neufchâteau", "88300"), ("Bruyères", "88600")],
}

SCHOOLS = [
    "Université de Strasbourg",
    "Université de Lorraine",
    "Université de Reims Champagne-Ardenne",
    "Université de Haute-Alsace",
    "Université de technologie de Troyes",
    "EM Strasbourg Business School",
    "ICN Business School",
    "NEOMA Business School",
    "INSA Strasbourg",
    "Télécom Physique Strasbourg",
    "Mines Nancy",
    "Sciences Po Strasbourg",
    "IAE Metz School of Management",
    "Arts et Métiers – campus de Metz",
]

SECTOR_WEIGHTS = {
    "industry": 9,
    "aerospace-automotive": 6,
    "energy-environment": 5,
    "banking-insurance": 6,
    "retail": 5,
    "logistics": 4,
    "health-pharma": 4,
    "it-digital": 5,
    "consulting-audit": 4,
    "construction-real-estate": 3,
    "agri-food": 3,
    "business-services": 3,
    "public-sector": 2,
    "telecoms": 2,
    "social-economy": 2,
    "hospitality-tourism": 1,
    "media-culture": 1,
    "legal": 1,
    "education-training": 1,
    "luxury-fashion": 1,
}

FUNCTION_WEIGHTS = {
    "purchasing": 3,
    "sales": 8,
    "communication": 4,
    "consulting": 4,
    "data": 4,
    "management": 8,
    "entrepreneurship": 2,
    "finance": 8,
    "it": 8,
    "engineering": 8,
    "legal": 3,
    "supply-chain": 5,
    "marketing": 6,
    "production-quality": 5,
    "hr": 6,
    "health-social": 2,
    "arts-design": 1,
    "humanities": 1,
}

MENTOR_TITLES = {
    "purchasing": ["Responsable achats", "Directeur des achats|Directrice des achats"],
    "sales": ["Directeur commercial|Directrice commerciale", "Responsable grands comptes"],
    "communication": ["Responsable communication", "Directeur de la communication|"
                      "Directrice de la communication"],
    "consulting": ["Manager conseil", "Associé|Associée"],
    "data": ["Responsable data", "Chef de projet data|Cheffe de projet data"],
    "management": ["Directeur de site|Directrice de site", "Directeur général adjoint|"
                   "Directrice générale adjointe"],
    "entrepreneurship": ["Fondateur|Fondatrice", "Dirigeant|Dirigeante"],
    "finance": ["Directeur administratif et financier|Directrice administrative et financière",
                "Responsable contrôle de gestion"],
    "it": ["DSI", "Responsable des études informatiques", "Architecte SI"],
    "engineering": ["Responsable R&D", "Chef de projet ingénierie|Cheffe de projet ingénierie"],
    "legal": ["Juriste senior", "Directeur juridique|Directrice juridique"],
    "supply-chain": ["Responsable supply chain", "Directeur logistique|Directrice logistique"],
    "marketing": ["Responsable marketing", "Directeur marketing|Directrice marketing"],
    "production-quality": ["Responsable qualité", "Directeur de production|"
                           "Directrice de production"],
    "hr": ["DRH", "Responsable développement RH"],
    "health-social": ["Directeur d'établissement|Directrice d'établissement",
                      "Cadre de santé"],
    "arts-design": ["Directeur artistique|Directrice artistique", "Responsable design"],
    "humanities": ["Responsable études et prospective", "Chargé de mission senior|"
                   "Chargée de mission senior"],
}  # fmt: skip

JUNIOR_JOBS = {
    "purchasing": ["Acheteur junior|Acheteuse junior", "Assistant achats|Assistante achats"],
    "sales": ["Chargé d'affaires|Chargée d'affaires", "Business developer"],
    "communication": ["Chargé de communication|Chargée de communication", "Community manager"],
    "consulting": ["Consultant junior|Consultante junior", "Analyste"],
    "data": ["Data analyst", "Chargé d'études statistiques|Chargée d'études statistiques"],
    "management": ["Chef de projet|Cheffe de projet", "Assistant de direction|"
                   "Assistante de direction"],
    "entrepreneurship": ["Créateur d'entreprise|Créatrice d'entreprise"],
    "finance": ["Contrôleur de gestion|Contrôleuse de gestion", "Auditeur junior|"
                "Auditrice junior", "Comptable"],
    "it": ["Développeur web|Développeuse web", "Administrateur systèmes|"
           "Administratrice systèmes", "Chef de projet informatique|"
           "Cheffe de projet informatique"],
    "engineering": ["Ingénieur d'études|Ingénieure d'études", "Ingénieur méthodes|"
                    "Ingénieure méthodes"],
    "legal": ["Juriste", "Juriste en droit social"],
    "supply-chain": ["Approvisionneur|Approvisionneuse", "Chargé de logistique|"
                     "Chargée de logistique"],
    "marketing": ["Chef de produit junior|Cheffe de produit junior", "Chargé de marketing|"
                  "Chargée de marketing"],
    "production-quality": ["Ingénieur qualité|Ingénieure qualité", "Animateur HSE|"
                           "Animatrice HSE"],
    "hr": ["Chargé de recrutement|Chargée de recrutement", "Gestionnaire RH"],
    "health-social": ["Coordinateur de projets sociaux|Coordinatrice de projets sociaux"],
    "arts-design": ["Designer graphique", "UX designer"],
    "humanities": ["Chargé de mission|Chargée de mission", "Chargé d'études|Chargée d'études"],
}  # fmt: skip

STUDY_DOMAINS = {
    "purchasing": "Achats et supply management",
    "sales": "Commerce et vente",
    "communication": "Information et communication",
    "consulting": "Management et stratégie",
    "data": "Statistique et science des données",
    "management": "Management des organisations",
    "entrepreneurship": "Entrepreneuriat et management de projets",
    "finance": "Comptabilité, contrôle, audit",
    "it": "Informatique",
    "engineering": "Génie mécanique et productique",
    "legal": "Droit des affaires",
    "supply-chain": "Logistique et supply chain",
    "marketing": "Marketing digital",
    "production-quality": "Qualité, hygiène, sécurité, environnement",
    "hr": "Gestion des ressources humaines",
    "health-social": "Intervention sociale",
    "arts-design": "Design et création numérique",
    "humanities": "Sciences humaines et sociales",
}

DIPLOMA_PREFIXES = {
    DiplomaLevel.BAC3: ["Licence", "Licence professionnelle", "Bachelor"],
    DiplomaLevel.BAC4: ["Master 1", "Maîtrise"],
    DiplomaLevel.BAC5: ["Master", "Master", "Diplôme d'ingénieur –", "Programme Grande École –"],
    DiplomaLevel.DOCTORATE: ["Doctorat –"],
}

CONTACT_TITLES = {
    CompanyContact.Role.HR: ["Responsable RH", "Responsable recrutement", "DRH"],
    CompanyContact.Role.CSR: ["Responsable RSE", "Responsable mécénat et RSE"],
    CompanyContact.Role.MANAGEMENT: ["Directeur de site|Directrice de site", "Gérant|Gérante"],
    CompanyContact.Role.OTHER: ["Chargé de mission diversité|Chargée de mission diversité"],
}

# The pairs' own goals (mentoring.Goal), beside the programme's action plan.
DEMO_GOALS = [
    "Postuler dans trois entreprises du secteur",
    "Mettre à jour le profil LinkedIn",
    "Préparer le pitch de deux minutes",
    "Rencontrer un professionnel du métier visé",
    "Relancer les candidatures de la semaine",
    "Lister dix entreprises cibles de la région",
]

# The pairs' messages (mentoring.Message): what each party writes, in turn.
DEMO_MENTOR_LINES = [
    "Bonjour ! Ravi de commencer ce parrainage avec vous. Quand seriez-vous disponible pour un "
    "premier échange ?",
    "J'ai relu votre CV : mettez vos résultats en avant dès les premières lignes.",
    "Pensez à préparer deux ou trois questions pour l'entretien de jeudi.",
    "Je vous mets en relation avec une collègue du service recrutement, elle attend votre message.",
    "Bravo pour l'entretien ! Racontez-moi comment cela s'est passé.",
    "Voici l'offre dont je vous parlais : https://www.apec.fr/candidat/recherche-emploi.html",
    "Avez-vous pu relancer les deux entreprises de la semaine dernière ?",
    "Je suis en déplacement jusqu'à mercredi, je vous réponds dès mon retour.",
]
DEMO_CANDIDATE_LINES = [
    "Bonjour, merci d'avoir accepté ! Je suis disponible en fin de journée cette semaine.",
    "J'ai mis mon CV à jour avec vos conseils, je vous l'envoie en pièce jointe dès que possible.",
    "J'ai obtenu un entretien chez un acteur du secteur, pouvez-vous m'aider à le préparer ?",
    "Merci pour la mise en relation, j'ai écrit à votre collègue ce matin.",
    "L'entretien s'est bien passé, j'attends leur réponse pour la fin du mois.",
    "J'ai relancé les deux entreprises, l'une m'a déjà répondu.",
    "Est-ce que vous auriez un moment pour relire ma lettre de motivation ?",
    "Merci beaucoup pour votre temps, c'est très précieux pour moi.",
]
# The login pair's conversation: the mentor's last message is still unread by the candidate.
DEMO_LOGIN_CONVERSATION = [
    ("mentor", 9 * 24 * 60, DEMO_MENTOR_LINES[0]),
    ("candidate", 9 * 24 * 60 - 95, DEMO_CANDIDATE_LINES[0]),
    ("mentor", 3 * 24 * 60, DEMO_MENTOR_LINES[5]),
    ("candidate", 3 * 24 * 60 - 40, DEMO_CANDIDATE_LINES[6]),
    ("mentor", 125, DEMO_MENTOR_LINES[2]),
]
# The one reported message of the demo (read by the regional team in "Messages signalés").
DEMO_REPORTED_LINE = (
    "Appelez-moi plutôt ce soir sur mon portable personnel, on parlera plus librement qu'ici."
)
DEMO_REPORT_REASON = "Je préfère que nos échanges restent sur la plateforme et en journée."

INTRODUCTION_ROLES = [
    "Directeur des ressources humaines|Directrice des ressources humaines",
    "Responsable recrutement",
    "Chef de service|Cheffe de service",
    "Directeur d'agence|Directrice d'agence",
    "Manager d'équipe",
    "Associé|Associée",
    "Responsable de la transformation digitale",
]

MEETING_NOTES = [
    "Relecture du CV et du profil LinkedIn.",
    "Simulation d'entretien, points à travailler : se présenter en deux minutes.",
    "Point sur les candidatures en cours et les relances.",
    "Liste d'entreprises cibles dans le secteur visé.",
    "Préparation d'un entretien chez un contact du parrainage.",
    "Travail sur la lettre de motivation.",
    "Échange sur le projet professionnel et les métiers possibles.",
    "Débrief de l'entretien de la semaine dernière.",
    "Préparation d'un salon de recrutement.",
    "",
]

INTERRUPTION_NOTES = {
    EndReason.CANDIDATE_UNREACHABLE: "Plus de réponse du jeune malgré plusieurs relances.",
    EndReason.MENTOR_UNAVAILABLE: "Le parrain a changé de poste et ne peut plus se rendre "
    "disponible.",
    EndReason.MISMATCH: "Le binôme ne fonctionnait pas ; un nouveau parrainage a été proposé.",
    EndReason.NO_LONGER_NEEDED: "Le jeune souhaite poursuivre seul ses recherches.",
    EndReason.OTHER: "Déménagement hors de la région.",
}

DECLINE_REASONS = [
    "Je ne suis pas disponible avant le mois prochain.",
    "Le projet est trop éloigné de mon domaine ; un parrain du secteur serait plus utile.",
    "J'accompagne déjà deux jeunes et préfère ne pas en prendre un troisième.",
]

INELIGIBLE_REASONS = {
    "age": "Vous aviez 30 ans ou plus à la date de votre demande. Pôle emploi, l'APEC et la "
    "mission locale de votre ville peuvent vous accompagner.",
    "diploma": "Votre diplôme (Bac+2) est en dessous du niveau demandé (Bac+3). L'APEC et "
    "votre mission locale peuvent vous accompagner.",
    "criteria": "Aucun critère social n'est rempli (QPV, ZRR, boursier, RSA). L'APEC propose "
    "un accompagnement gratuit aux jeunes diplômés.",
}

INCOMPLETE_REQUESTS = {
    Document.Kind.CV: "Merci de déposer un CV à jour (PDF).",
    Document.Kind.PROOF_QPV: "Votre justificatif de domicile date de plus de trois mois : "
    "merci d'en déposer un récent.",
    Document.Kind.PROOF_BOURSIER: "La notification de bourse est illisible : merci de la "
    "déposer à nouveau.",
    Document.Kind.PROOF_RSA: "Merci de déposer une attestation de la CAF de moins de trois mois.",
}

ADDITIONAL_LANGUAGES = {"en": 0.75, "de": 0.25, "es": 0.15, "it": 0.05, "ar": 0.08, "tr": 0.04}


def _gendered(title: str, female: bool) -> str:
    masculine, _, feminine = title.partition("|")
    return feminine if (female and feminine) else masculine


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class _Person:
    user: User
    female: bool


@dataclass
class _CandidatePlan:
    """A candidate being built: the row, its many-to-many values and its history."""

    candidate: Candidate
    female: bool
    sectors: list[Sector]
    languages: list[Language]
    steps: list[tuple[str, datetime.datetime, User | None, str]] = field(default_factory=list)


@dataclass
class _Seat:
    """A mentor's placements over time, to keep every moment within capacity."""

    mentor: Mentor
    intervals: list[tuple[datetime.datetime, datetime.datetime | None]] = field(
        default_factory=list
    )

    def load_at(self, moment: datetime.datetime) -> int:
        return sum(
            1 for start, end in self.intervals if start <= moment and (end is None or end > moment)
        )

    def has_room(self, start: datetime.datetime, end: datetime.datetime | None) -> bool:
        # Intervals are added in start order, so the load peaks either at ``start`` or at a
        # later start of an interval already placed.
        moments = [start] + [s for s, _ in self.intervals if s > start and (end is None or s < end)]
        return all(self.load_at(moment) < self.mentor.capacity for moment in moments)


def demo_data_present() -> bool:
    return User.objects.filter(email=ADMIN_LOGIN.email).exists()


def seed_demo(
    *, progress: Callable[[str], None] = lambda line: None, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Write the whole demo data set in one transaction and return a few figures."""
    # Labels copied into notes are in the platform's language, not the command's.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        return _Builder(progress=progress, now=now or timezone.now()).build()


class _Builder:
    def __init__(self, *, progress: Callable[[str], None], now: datetime.datetime) -> None:
        self.progress = progress
        self.now = now
        self.today = timezone.localdate(now)
        # Reproducible demo data, not security: a seeded generator is the point.
        self.rng = random.Random(SEED)  # noqa: S311
        # The scores' breakdowns draw from their own generator, so the rest of the demo stays
        # the same draw for draw.
        self.score_rng = random.Random(SEED + 1)  # noqa: S311
        # So do the planned meetings, added after everything else.
        self.plan_rng = random.Random(SEED + 2)  # noqa: S311
        # The pairs' own goals too (added later: the draws before them stay as they were).
        self.goal_rng = random.Random(SEED + 3)  # noqa: S311
        # And the pairs' messages.
        self.message_rng = random.Random(SEED + 4)  # noqa: S311
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(SEED)
        self.region = Region.objects.get(slug=REGION_SLUG)
        self.departments = {
            d.code: d for d in Department.objects.filter(region=self.region).order_by("code")
        }
        self.sectors = {s.code: s for s in Sector.objects.order_by("code")}
        self.families = {f.code: f for f in JobFamily.objects.order_by("code")}
        self.languages = {lang.code: lang for lang in Language.objects.order_by("code")}
        self.used_emails: set[str] = set(
            User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", flat=True)
        )
        self.figures: dict[str, int] = Counter()
        self.mentorship_rows: list[Mentorship] = []
        self.meetings: list[Meeting] = []
        self.introductions: list[Introduction] = []
        self.outcomes: list[Outcome] = []

    def build(self) -> dict[str, int]:
        self._staff()
        self._companies()
        self._mentors()
        self._cohort_2017()
        self._current_candidates()
        self._documents_in_review()
        self._last_meetings()
        self._planned_meetings()
        self._goals()
        self._conversations()
        return dict(self.figures)

    def _conversations(self) -> None:
        """Messages of most active pairs and of some pairs that ended this year (their
        conversation read-only, kept 12 months). The login pair's last message, the mentor's,
        is unread by the candidate; one message of another pair is reported to the team."""
        rng = self.message_rng
        year_ago = self.now - datetime.timedelta(days=365)
        pairs = (
            Mentorship.objects.filter(region=self.region)
            .filter(
                Q(status=MStatus.ACTIVE)
                | Q(status__in=Mentorship.ENDED_STATUSES, ended_at__gte=year_ago),
                messages__isnull=True,
            )
            .select_related("candidate__user", "mentor__user")
            .order_by("pk")
        )
        rows: list[Message] = []
        read: list[Mentorship] = []
        reported: Message | None = None
        for mentorship in pairs:
            people = {"mentor": mentorship.mentor.user, "candidate": mentorship.candidate.user}
            last = mentorship.ended_at or self.now
            if people["candidate"].email == CANDIDATE_LOGIN.email:
                thread = [
                    (people[role], self.now - datetime.timedelta(minutes=minutes), body)
                    for role, minutes, body in DEMO_LOGIN_CONVERSATION
                ]
            elif rng.random() < (0.75 if mentorship.ended_at is None else 0.4):
                thread = []
                moment = mentorship.started_at + datetime.timedelta(hours=rng.randint(2, 48))
                lines = {"mentor": DEMO_MENTOR_LINES, "candidate": DEMO_CANDIDATE_LINES}
                for turn in range(rng.randint(2, 8)):
                    if moment >= last:
                        break
                    role = "mentor" if turn % 2 == 0 else "candidate"
                    thread.append((people[role], moment, rng.choice(lines[role])))
                    moment += datetime.timedelta(hours=rng.randint(3, 24 * 6))
            else:
                continue
            rows += [
                Message(mentorship=mentorship, author=author, body=body, created_at=at)
                for author, at, body in thread
            ]
            # Each party has read the other's messages, except the login candidate's last one
            # and, now and then, an active pair's latest message.
            mentorship.mentor_read_at = mentorship.candidate_read_at = last
            latest_author, latest_at, _body = thread[-1]
            if people["candidate"].email == CANDIDATE_LOGIN.email or (
                mentorship.ended_at is None and rng.random() < 0.25
            ):
                unread_by = "candidate" if latest_author == people["mentor"] else "mentor"
                setattr(mentorship, f"{unread_by}_read_at", latest_at - datetime.timedelta(hours=1))
            read.append(mentorship)
            if (
                reported is None
                and mentorship.ended_at is None
                and people["candidate"].email != CANDIDATE_LOGIN.email
                and len(thread) >= 3
            ):
                reported = Message(
                    mentorship=mentorship,
                    author=people["mentor"],
                    body=DEMO_REPORTED_LINE,
                    created_at=thread[-1][1] + datetime.timedelta(minutes=30),
                    reported_by=people["candidate"],
                    report_reason=DEMO_REPORT_REASON,
                )
                reported.reported_at = min(
                    reported.created_at + datetime.timedelta(hours=14), self.now
                )
                reported.created_at = min(reported.created_at, reported.reported_at)
                rows.append(reported)
        Message.objects.bulk_create(rows)
        Mentorship.objects.bulk_update(read, ["candidate_read_at", "mentor_read_at"])
        self.figures["messages"] = len(rows)
        self.progress(f"Messages of {len(read)} pairs: {len(rows)}, one reported")

    def _goals(self) -> None:
        """Goals of their own on the active pairs: some reached, one overdue (the first
        pair's), the others due later or without a date."""
        active = list(
            Mentorship.objects.filter(region=self.region, status=Mentorship.Status.ACTIVE)
            .exclude(goals__isnull=False)
            .select_related("candidate", "mentor")
            .order_by("pk")
        )
        rows = []
        for index, mentorship in enumerate(active):
            started = timezone.localdate(mentorship.started_at)
            parties = [mentorship.candidate.user_id, mentorship.mentor.user_id]
            titles = self.goal_rng.sample(DEMO_GOALS, self.goal_rng.randint(0, 3))
            for number, title in enumerate(titles):
                done = self.goal_rng.random() < 0.4
                due = (
                    None
                    if self.goal_rng.random() < 0.3
                    else self.today + datetime.timedelta(days=self.goal_rng.randint(7, 60))
                )
                if index == 0 and number == 0:
                    # One overdue goal: its due date passed, not reached.
                    done, due = False, max(started, self.today - datetime.timedelta(days=5))
                created = mentorship.started_at + datetime.timedelta(days=number + 1)
                rows.append(
                    Goal(
                        mentorship=mentorship,
                        title=title,
                        due_on=due,
                        created_by_id=self.goal_rng.choice(parties),
                        created_at=min(created, self.now),
                        done_at=self.now - datetime.timedelta(days=1) if done else None,
                        done_by_id=self.goal_rng.choice(parties) if done else None,
                    )
                )
        Goal.objects.bulk_create(rows)
        self.figures["goals"] = len(rows)
        self.progress(f"Goals of the active pairs: {len(rows)}")

    def _documents_in_review(self) -> None:
        """The files waiting for a staff decision get their CV and a proof per declared
        criterion: small real PDF and PNG files, checked like uploads (so the demo can show
        proof review), stored under server-made names in the private storage."""
        candidates = (
            Candidate.objects.filter(department__region=self.region, status=Status.SUBMITTED)
            .select_related("user")
            .order_by("pk")
        )
        stored = 0
        for candidate in candidates:
            for kind, name, content in self._documents_of(candidate):
                checked = check_upload(SimpleUploadedFile(name, content), kind=kind)
                document = Document(
                    candidate=candidate,
                    kind=kind,
                    original_name=checked.original_name,
                    content_type=checked.content_type,
                    size=checked.size,
                    uploaded_at=candidate.submitted_at,
                )
                document.file.save(checked.storage_name(), ContentFile(content), save=False)
                document.save()
                stored += 1
        self.figures["documents"] = stored
        self.progress(f"Documents of the files in review: {stored}")

    def _documents_of(self, candidate: Candidate) -> list[tuple[str, str, bytes]]:
        user = candidate.user
        name = user.get_full_name()
        slug = slugify(name)
        sent = candidate.submitted_at.astimezone(PARIS).strftime("%d/%m/%Y")
        documents = [
            (
                Document.Kind.CV,
                f"CV {name}.pdf",
                demo_documents.pdf_bytes(
                    [
                        f"Curriculum vitae - {name}",
                        candidate.target_job or "Cadre",
                        f"{candidate.diploma_title} - {candidate.school}",
                        f"{candidate.city} - {user.email}",
                    ]
                ),
            )
        ]
        if candidate.qpv:
            documents.append(
                (
                    Document.Kind.PROOF_QPV,
                    f"justificatif-domicile-{slug}.png",
                    demo_documents.png_bytes(seed=candidate.pk),
                )
            )
        for kind, declared, title in (
            (Document.Kind.PROOF_ZRR, candidate.zrr, "Justificatif de domicile (ZRR)"),
            (Document.Kind.PROOF_BOURSIER, candidate.boursier, "Notification de bourse"),
            (Document.Kind.PROOF_RSA, candidate.rsa, "Attestation de paiement du RSA"),
        ):
            if declared:
                documents.append(
                    (
                        kind,
                        f"{slugify(title)}-{slug}.pdf",
                        demo_documents.pdf_bytes(
                            [title, name, f"Document de demonstration, depose le {sent}"]
                        ),
                    )
                )
        return documents

    def _last_meetings(self) -> None:
        """Each mentorship's latest meeting date, which the follow-up services keep."""
        latest = Meeting.objects.filter(mentorship=OuterRef("pk")).order_by("-date")
        Mentorship.objects.filter(region=self.region).update(
            last_meeting_on=Subquery(latest.values("date")[:1])
        )

    PLACES = (
        "Café du Théâtre, Metz",
        "Médiathèque Malraux, Strasbourg",
        "Espace coworking, Nancy",
        "Brasserie de la gare, Reims",
    )

    def _planned_meetings(self) -> None:
        """Meetings the active pairs plan together: some proposed, some accepted and to come,
        some past and waiting for "did it take place?". The login pair has one of each."""
        rng = self.plan_rng
        now = self.now.replace(second=0, microsecond=0)
        rows = []

        def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
            day = timezone.localdate(now) + datetime.timedelta(days=days)
            return datetime.datetime.combine(day, datetime.time(hour, minute), PARIS)

        def planned(mentorship, by, starts_at, status, mode=None):
            mode = mode or rng.choice(Meeting.Mode.values)
            other = (
                mentorship.candidate.user
                if by == mentorship.mentor.user
                else mentorship.mentor.user
            )
            answered = status != PlannedMeeting.Status.PROPOSED
            created = min(now, starts_at) - datetime.timedelta(days=rng.randint(2, 6))
            rows.append(
                PlannedMeeting(
                    mentorship=mentorship,
                    proposed_by=by,
                    starts_at=starts_at,
                    duration_minutes=rng.choice((30, 45, 60, 60, 90)),
                    mode=mode,
                    place=rng.choice(self.PLACES) if mode == Meeting.Mode.IN_PERSON else "",
                    video_url=(
                        f"https://visio.example.org/{slugify(other.last_name)}-{len(rows)}"
                        if mode == Meeting.Mode.VIDEO
                        else ""
                    ),
                    status=status,
                    created_at=created,
                    answered_by=other if answered else None,
                    answered_at=created + datetime.timedelta(days=1) if answered else None,
                )
            )

        active = (
            Mentorship.objects.filter(region=self.region, status=MStatus.ACTIVE)
            .select_related("candidate__user", "mentor__user")
            .order_by("pk")
        )
        Planned = PlannedMeeting.Status
        for mentorship in active:
            people = (mentorship.mentor.user, mentorship.candidate.user)
            if mentorship.candidate.user.email == CANDIDATE_LOGIN.email:
                planned(mentorship, people[0], at(4, 18, 30), Planned.ACCEPTED, "in_person")
                planned(mentorship, people[1], at(18, 12, 30), Planned.PROPOSED, "video")
                planned(mentorship, people[0], at(-2, 17), Planned.ACCEPTED, "phone")
                continue
            draw, by = rng.random(), rng.choice(people)
            if draw < 0.2:
                planned(mentorship, by, at(rng.randint(2, 15), 18), Planned.PROPOSED)
            elif draw < 0.45:
                planned(mentorship, by, at(rng.randint(1, 20), 17), Planned.ACCEPTED)
            elif draw < 0.55 and mentorship.started_at < at(-6, 0):
                planned(mentorship, by, at(-rng.randint(1, 5), 18), Planned.ACCEPTED)
        PlannedMeeting.objects.bulk_create(rows)
        self.figures["planned_meetings"] = len(rows)
        self.progress(f"Planned meetings: {len(rows)}")

    # --- Small generators -------------------------------------------------------------------

    def _chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def _weighted(self, weights: dict[str, int]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def _moment(self, day: datetime.date) -> datetime.datetime:
        """A working-hours moment of ``day`` in Paris, never after now."""
        moment = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(8, 18), self.rng.choice((0, 15, 30, 45))), PARIS
        )
        return min(moment, self.now)

    def _days_ago(self, low: int, high: int) -> datetime.datetime:
        return self._moment(self.today - datetime.timedelta(days=self.rng.randint(low, high)))

    def _before(self, moment: datetime.datetime, low: int, high: int) -> datetime.datetime:
        """A moment ``low`` to ``high`` days before ``moment``, never after it."""
        day = moment.astimezone(PARIS).date() - self._span(low, high)
        return min(self._moment(day), moment)

    def _after(self, moment: datetime.datetime, low: int, high: int) -> datetime.datetime:
        """A moment ``low`` to ``high`` days after ``moment`` (capped at now), never before it."""
        day = moment.astimezone(PARIS).date() + self._span(low, high)
        return max(self._moment(day), moment)

    def _span(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high))

    def _email(self, first_name: str, last_name: str) -> str:
        base = f"{slugify(first_name)}.{slugify(last_name)}"
        email, suffix = f"{base}@{DEMO_DOMAIN}", 2
        while email in self.used_emails:
            email, suffix = f"{base}{suffix}@{DEMO_DOMAIN}", suffix + 1
        self.used_emails.add(email)
        return email

    def _person(self, joined: datetime.datetime, email: str | None = None, **extra) -> _Person:
        female = self._chance(0.5)
        first = self.fake.first_name_female() if female else self.fake.first_name_male()
        last = self.fake.last_name()
        user = User(
            email=email or self._email(first, last),
            first_name=first,
            last_name=last,
            # Only the demo logins get a password: hashing hundreds with Argon2 takes minutes.
            password=make_password(None),
            date_joined=joined,
            **extra,
        )
        return _Person(user=user, female=female)

    def _phone(self) -> str:
        """A French mobile number the phone field accepts (not every 06 range is allocated)."""
        while True:
            number = "+336" + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
            if phonenumbers.is_valid_number(phonenumbers.parse(number)):
                return number

    def _department(self) -> Department:
        return self.departments[self._weighted(DEPARTMENT_WEIGHTS)]

    def _sirens(self, count: int) -> list[str]:
        taken = set(Company.objects.values_list("siren", flat=True))
        sirens: list[str] = []
        while len(sirens) < count:
            body = f"{self.rng.randint(30_000_000, 99_999_999):08d}"
            siren = body + luhn.calc_check_digit(body)
            if siren not in taken:
                taken.add(siren)
                sirens.append(siren)
        return sirens

    def _m2m(self, manager_field, rows: Iterable[tuple[int, int]], left: str, right: str) -> int:
        through = manager_field.through
        objs = [through(**{left: a, right: b}) for a, b in rows]
        through.objects.bulk_create(objs)
        return len(objs)

    # --- Staff ------------------------------------------------------------------------------

    def _staff(self) -> None:
        joined = datetime.datetime(2015, 9, 1, 9, 0, tzinfo=PARIS)
        admin = self._person(joined, ADMIN_LOGIN.email, is_staff=True, is_superuser=True).user
        regional = [self._person(joined, STAFF_LOGIN.email, is_staff=True).user]
        regional += [self._person(joined, is_staff=True).user for _ in range(2)]
        users = [admin, *regional]
        User.objects.bulk_create(users)
        self.staff_users = regional
        self.staff_login = regional[0]
        ensure_regional_staff_group(sender=None)
        group = Group.objects.get(name=REGIONAL_STAFF_GROUP)
        self._m2m(User.groups, ((u.pk, group.pk) for u in regional), "user_id", "group_id")
        self._m2m(
            User.managed_regions,
            ((u.pk, self.region.pk) for u in regional),
            "user_id",
            "region_id",
        )
        self.login_users = {ADMIN_LOGIN: admin, STAFF_LOGIN: self.staff_login}
        self.progress(f"Staff accounts {len(users)}/{len(users)} (1 national admin, 3 Grand Est)")

    def _staff_member(self) -> User:
        return self.rng.choice(self.staff_users)

    # --- Companies --------------------------------------------------------------------------

    def _companies(self) -> None:
        statuses = (
            [Company.Partnership.ACTIVE] * ACTIVE_PARTNERS
            + [Company.Partnership.ENDED] * ENDED_COMPANIES
            + [Company.Partnership.PROSPECT] * PROSPECT_COMPANIES
        )
        self.rng.shuffle(statuses)
        # The demo contact and mentor work for the first company: an active large partner.
        first_active = statuses.index(Company.Partnership.ACTIVE)
        statuses[0], statuses[first_active] = statuses[first_active], statuses[0]
        names: set[str] = set()
        self.company_home: dict[str, Department] = {}
        companies, contacts = [], []
        sizes = {"micro": 4, "sme": 20, "midcap": 18, "large": 14}
        for index, (siren, status) in enumerate(
            zip(self._sirens(COMPANY_COUNT), statuses, strict=True)
        ):
            name = self.fake.company()
            while name in names:
                name = self.fake.company()
            names.add(name)
            start = end = None
            if status == Company.Partnership.ACTIVE:
                start = datetime.date(
                    self.rng.randint(2008, self.today.year - 1), self.rng.randint(1, 12), 1
                )
                if self._chance(0.7):  # three-year agreements, renewed so far
                    end = _years_later(start, 3)
                    while end < self.today:
                        end = _years_later(end, 3)
            elif status == Company.Partnership.ENDED:
                start = datetime.date(self.rng.randint(2010, 2014), self.rng.randint(1, 12), 1)
                end = datetime.date(self.rng.randint(2019, 2023), self.rng.randint(1, 12), 28)
            created = self._moment(start - self._span(20, 120)) if start else self._days_ago(5, 90)
            company = Company(
                name=name,
                siren=siren,
                sector=self.sectors[self._weighted(SECTOR_WEIGHTS)],
                size="large" if index == 0 else self._weighted(sizes),
                region=self.region,
                partnership_status=status,
                agreement_start=start,
                agreement_end=end,
                website=f"https://www.{slugify(name)}.example.com",
                created_at=created,
            )
            self.company_home[siren] = self._department()  # where its mentors work
            companies.append(company)
            email = CONTACT_LOGIN.email if index == 0 else None
            person = self._person(created, email)
            role = self._weighted({"hr": 10, "csr": 6, "management": 3, "other": 1})
            contacts.append(
                CompanyContact(
                    user=person.user,
                    company=company,
                    role=role,
                    job_title=_gendered(self.rng.choice(CONTACT_TITLES[role]), person.female),
                    phone=self._phone(),
                    created_at=created,
                )
            )
        User.objects.bulk_create([c.user for c in contacts])
        Company.objects.bulk_create(companies)
        CompanyContact.objects.bulk_create(contacts)
        self.companies = companies
        self.demo_company = companies[0]
        self.login_users[CONTACT_LOGIN] = contacts[0].user
        active = sum(1 for c in companies if c.partnership_status == Company.Partnership.ACTIVE)
        self.figures["companies"] = len(companies)
        self.progress(
            f"Companies {len(companies)}/{COMPANY_COUNT} ({active} active partners), "
            f"contacts {len(contacts)}/{COMPANY_COUNT}"
        )

    # --- Mentors ----------------------------------------------------------------------------

    def _mentors(self) -> None:
        active_companies = [
            c for c in self.companies if c.partnership_status == Company.Partnership.ACTIVE
        ]
        ended_companies = [
            c for c in self.companies if c.partnership_status == Company.Partnership.ENDED
        ]
        size_weight = {"micro": 0.3, "sme": 1.5, "midcap": 3, "large": 6}
        # Every active partner lends at least one mentor; the big ones lend more.
        employers = list(active_companies) + [self.demo_company] * 2
        employers += self.rng.choices(
            active_companies,
            weights=[size_weight[c.size] for c in active_companies],
            k=ACTIVE_MENTORS - len(employers),
        )
        # The demo mentor comes first and is a veteran with two places.
        employers.remove(self.demo_company)
        employers.insert(0, self.demo_company)
        plans = [(company, Mentor.Status.ACTIVE) for company in employers]
        plans += [
            (self.rng.choice(active_companies), Mentor.Status.PENDING)
            for _ in range(PENDING_MENTORS)
        ]
        leavers = [*ended_companies * 3, *self.rng.sample(active_companies, 12)]
        plans += [(company, Mentor.Status.INACTIVE) for company in leavers[:INACTIVE_MENTORS]]
        veterans = {0, *self.rng.sample(range(1, ACTIVE_MENTORS), VETERAN_MENTORS - 1)}
        paused = set(
            self.rng.sample(sorted(set(range(1, ACTIVE_MENTORS)) - veterans), PAUSED_MENTORS)
        )

        mentors, people = [], []
        expertise, sectors, departments, languages = [], [], [], []
        for index, (company, status) in enumerate(plans):
            if status == Mentor.Status.PENDING:
                created = self._days_ago(2, 20)
                charter = created if self._chance(0.6) else None
                activated = None
                years = self.rng.randint(5, 7) if index % 3 == 0 else self.rng.randint(8, 30)
            else:
                if status == Mentor.Status.INACTIVE or index in veterans:
                    activated = self._moment(
                        datetime.date(self.rng.randint(2012, 2016), self.rng.randint(1, 12), 10)
                    )
                else:
                    earliest = (datetime.date(2018, 1, 1) - self.today).days * -1
                    activated = self._days_ago(20, earliest)
                charter = self._before(activated, 0, 10)
                created = self._before(charter, 0, 7)
                years = self.rng.randint(8, 35)
            email = MENTOR_LOGIN.email if index == 0 else None
            person = self._person(created, email)
            function_code = self._weighted(FUNCTION_WEIGHTS)
            title = _gendered(self.rng.choice(MENTOR_TITLES[function_code]), person.female)
            mentor = Mentor(
                user=person.user,
                company=company,
                region=self.region,
                status=status,
                job_title=title,
                function=self.families[function_code],
                years_of_experience=years,
                has_business_experience=function_code == "entrepreneurship" or self._chance(0.15),
                remote=self._chance(0.25),
                capacity=2
                if index == 0
                else int(self._weighted({"1": 15, "2": 55, "3": 18, "4": 7, "5": 5})),
                paused_until=(self.today + self._span(10, 60)) if index in paused else None,
                bio=(
                    f"{title} chez {company.name}, {years} ans d'expérience. "
                    + self.rng.choice(
                        [
                            "J'aime aider les jeunes à construire leur réseau.",
                            "Ancien boursier, je sais ce que le réseau change.",
                            "Disponible pour des simulations d'entretien.",
                            "Je connais bien le marché de l'emploi en Grand Est.",
                        ]
                    )
                ),
                charter_signed_at=charter,
                activated_at=activated,
                activated_by=self._staff_member() if activated else None,
                created_at=created,
            )
            mentors.append(mentor)
            people.append(person)
            others = [c for c in self.families if c != function_code]
            for family in [function_code, *self.rng.sample(others, self.rng.randint(0, 2))]:
                expertise.append((mentor, self.families[family].pk))
            others = [c for c in self.sectors if c != company.sector.code]
            for sector in [company.sector.code, *self.rng.sample(others, self.rng.randint(0, 2))]:
                sectors.append((mentor, self.sectors[sector].pk))
            home = self.company_home[company.siren].code
            others = [c for c in self.departments if c != home]
            for code in [home, *self.rng.sample(others, self.rng.randint(0, 3))]:
                departments.append((mentor, self.departments[code].pk))
            for code in self._language_codes():
                languages.append((mentor, self.languages[code].pk))

        User.objects.bulk_create([p.user for p in people])
        Mentor.objects.bulk_create(mentors)
        links = 0
        for manager_field, rows, right in (
            (Mentor.expertise, expertise, "jobfamily_id"),
            (Mentor.sectors, sectors, "sector_id"),
            (Mentor.departments, departments, "department_id"),
            (Mentor.languages, languages, "language_id"),
        ):
            links += self._m2m(manager_field, ((m.pk, pk) for m, pk in rows), "mentor_id", right)
        self.mentors = mentors
        self.mentor_sectors: dict[int, set[int]] = defaultdict(set)
        self.mentor_departments: dict[int, set[int]] = defaultdict(set)
        for mentor, pk in sectors:
            self.mentor_sectors[mentor.pk].add(pk)
        for mentor, pk in departments:
            self.mentor_departments[mentor.pk].add(pk)
        self.demo_mentor = mentors[0]
        self.login_users[MENTOR_LOGIN] = mentors[0].user
        counts = Counter(m.status for m in mentors)
        self.figures["active_mentors"] = counts[Mentor.Status.ACTIVE]
        self.progress(
            f"Mentors {counts[Mentor.Status.ACTIVE]}/{ACTIVE_MENTORS} active "
            f"(+{counts[Mentor.Status.PENDING]} awaiting activation, "
            f"+{counts[Mentor.Status.INACTIVE]} inactive), {links} profile links"
        )

    def _language_codes(self) -> list[str]:
        return ["fr"] + [code for code, p in ADDITIONAL_LANGUAGES.items() if self._chance(p)]

    # --- Candidates -------------------------------------------------------------------------

    def _new_candidate(
        self,
        *,
        created: datetime.datetime,
        reference: datetime.datetime,
        ineligible_because: str | None = None,
        business_creation: bool = False,
        email: str | None = None,
        partial: bool = False,
    ) -> _CandidatePlan:
        """A candidate whose profile meets the programme's criteria at ``reference``.

        ``ineligible_because`` breaks one criterion; ``partial`` leaves a draft half filled.
        """
        person = self._person(created, email)
        department = self._department()
        age_days = (
            self.rng.randint(30 * 366, 33 * 365)
            if ineligible_because == "age"
            else self.rng.randint(21 * 366, 29 * 365 + 300)
        )
        reference_day = reference.astimezone(PARIS).date()
        residence = self.rng.choices(("qpv", "zrr", "other"), weights=(60, 12, 28))[0]
        boursier = self._chance(0.55)
        rsa = self._chance(0.1)
        if ineligible_because == "criteria":
            residence, boursier, rsa = "other", False, False
        elif residence == "other" and not (boursier or rsa):
            boursier = True
        qpv_name = ""
        if residence == "qpv":
            city, postcode, neighbourhoods = self.rng.choice(CITIES[department.code])
            qpv_name = self.rng.choice(neighbourhoods)
        elif residence == "zrr":
            city, postcode = self.rng.choice(RURAL_TOWNS[department.code])
        else:
            city, postcode, _ = self.rng.choice(CITIES[department.code])
        field_code = self._weighted(FUNCTION_WEIGHTS)
        if business_creation:
            field_code = self.rng.choice(["entrepreneurship", "management", "sales", "marketing"])
        level = self.rng.choices(
            [DiplomaLevel.BAC3, DiplomaLevel.BAC4, DiplomaLevel.BAC5, DiplomaLevel.DOCTORATE],
            weights=(25, 18, 52, 5),
        )[0]
        if ineligible_because == "diploma":
            diploma_level, diploma_title = None, f"BTS {STUDY_DOMAINS[field_code]}"
        else:
            diploma_level = level
            prefix = self.rng.choice(DIPLOMA_PREFIXES[level])
            diploma_title = f"{prefix} {STUDY_DOMAINS[field_code]}"
        target_family = field_code if self._chance(0.7) else self._weighted(FUNCTION_WEIGHTS)
        slug = slugify(f"{person.user.first_name}-{person.user.last_name}")
        candidate = Candidate(
            user=person.user,
            status=Status.DRAFT,  # set from the last step of the history when saved
            birth_date=reference_day - datetime.timedelta(days=age_days),
            phone=self._phone(),
            postcode=postcode,
            city=city,
            department=department,
            diploma_level=diploma_level,
            diploma_title=diploma_title,
            field_of_study=self.families[field_code],
            school=self.rng.choice(SCHOOLS),
            graduation_year=reference_day.year - self.rng.choice((0, 0, 0, 1, 1, 2)),
            project_type=(
                Candidate.ProjectType.BUSINESS_CREATION
                if business_creation
                else Candidate.ProjectType.JOB
            ),
            target_job_family=self.families[target_family],
            target_job=_gendered(self.rng.choice(JUNIOR_JOBS[target_family]), person.female),
            business_project=(
                "Créer une entreprise de services en "
                + self.rng.choice(["conseil aux TPE", "e-commerce local", "formation numérique"])
                + " dans mon quartier."
                if business_creation
                else ""
            ),
            mobility=self.rng.choice(Candidate.Mobility.values),
            linkedin_url=(
                f"https://www.linkedin.com/in/{slug}-{self.rng.randint(1000, 9999)}"
                if self._chance(0.4)
                else ""
            ),
            qpv=residence == "qpv",
            qpv_name=qpv_name,
            zrr=residence == "zrr",
            boursier=boursier,
            rsa=rsa,
            consent_at=created,
            consent_version=settings.PRIVACY_POLICY_VERSION,
            created_at=created,
        )
        if partial:
            for name in ("diploma_title", "school", "target_job", "linkedin_url", "phone"):
                setattr(candidate, name, "")
            candidate.graduation_year = None
        sector_codes = self.rng.sample(
            sorted(self.sectors), self.rng.randint(0 if partial else 1, 3)
        )
        plan = _CandidatePlan(
            candidate=candidate,
            female=person.female,
            sectors=[self.sectors[code] for code in sector_codes],
            languages=[self.languages[code] for code in self._language_codes()],
        )
        plan.steps.append((Status.DRAFT, created, person.user, ""))
        return plan

    def _submit(self, plan: _CandidatePlan, at: datetime.datetime) -> None:
        plan.candidate.submitted_at = at
        plan.steps.append((Status.SUBMITTED, at, plan.candidate.user, ""))

    def _validate(self, plan: _CandidatePlan, at: datetime.datetime) -> None:
        staff = self._staff_member()
        candidate = plan.candidate
        candidate.validated_at = candidate.decided_at = at
        candidate.queued_at = at  # in the matching queue from the validation
        candidate.decided_by = staff
        plan.steps.append((Status.ELIGIBLE, at, staff, ""))

    def _save_candidates(self, plans: list[_CandidatePlan]) -> None:
        User.objects.bulk_create([p.candidate.user for p in plans])
        for plan in plans:
            plan.steps.sort(key=lambda step: step[1])  # stable: same-moment steps keep order
            plan.candidate.status = plan.steps[-1][0]
            plan.candidate.last_activity_at = plan.steps[-1][1]
        Candidate.objects.bulk_create([p.candidate for p in plans])
        self._m2m(
            Candidate.target_sectors,
            ((p.candidate.pk, s.pk) for p in plans for s in p.sectors),
            "candidate_id",
            "sector_id",
        )
        self._m2m(
            Candidate.languages,
            ((p.candidate.pk, lang.pk) for p in plans for lang in p.languages),
            "candidate_id",
            "language_id",
        )
        history = []
        for plan in plans:
            previous = ""
            for status, at, by, note in plan.steps:
                history.append(
                    StatusChange(
                        candidate=plan.candidate,
                        from_status=previous,
                        to_status=status,
                        at=at,
                        by=by,
                        note=note,
                    )
                )
                previous = status
        StatusChange.objects.bulk_create(history)
        self.figures["status_changes"] += len(history)

    # --- Mentorships ------------------------------------------------------------------------

    def _pick_mentor(
        self,
        seats: list[_Seat],
        plan: _CandidatePlan,
        start: datetime.datetime,
        end: datetime.datetime | None,
        business: bool = False,
    ) -> Mentor:
        """A mentor active at ``start`` with room until ``end``, preferring a good match."""
        sector_ids = {s.pk for s in plan.sectors}
        department_id = plan.candidate.department.pk
        options, weights = [], []
        for seat in seats:
            mentor = seat.mentor
            if mentor.activated_at is None or mentor.activated_at > start:
                continue
            if not seat.has_room(start, end):
                continue
            weight = 1.0
            if sector_ids & self.mentor_sectors[mentor.pk]:
                weight += 3
            if mentor.remote or department_id in self.mentor_departments[mentor.pk]:
                weight += 2
            if business and mentor.has_business_experience:
                weight += 4
            options.append(seat)
            weights.append(weight)
        if not options:
            raise RuntimeError("No mentor has room for a demo mentorship; raise the capacity.")
        seat = self.rng.choices(options, weights=weights)[0]
        seat.intervals.append((start, end))
        return seat.mentor

    def _score_details(self, score: int) -> dict:
        """A breakdown near ``score`` over the matching criteria, shaped like the one matching
        stores (``values`` 0..1 per criterion, ``points`` = weight × value), so staff see
        the criteria behind a demo pairing as they would behind a real one."""
        weights = criteria.weights()
        raw = {code: self.score_rng.uniform(0.3, 1.0) for code in weights}
        scale = score / sum(weights[code] * raw[code] for code in weights)
        values = {code: min(1.0, round(raw[code] * scale, 2)) for code in weights}
        points = {code: round(weights[code] * values[code], 1) for code in weights}
        return {"values": values, "points": points}

    def _mentorship(
        self,
        plan: _CandidatePlan,
        mentor: Mentor,
        *,
        status: str,
        proposed: datetime.datetime | None,
        answered: datetime.datetime | None = None,
        started: datetime.datetime | None = None,
        ended: datetime.datetime | None = None,
        ending: Ending | None = None,
        score: int | None = None,
    ) -> Mentorship:
        staff = self._staff_member()
        details = self._score_details(score) if score is not None else {}
        if details:
            # The score is the sum of its points, as matching computes it.
            score = round(sum(details["points"].values()))
        mentorship = Mentorship(
            candidate=plan.candidate,
            mentor=mentor,
            status=status,
            message=elide(
                f"Bonjour, je vous propose d'accompagner {plan.candidate.user.first_name}, "
                f"qui vise un poste de {mid_sentence(plan.candidate.target_job) or 'cadre'}."
            ),
            score=score,
            score_details=details,
            created_at=proposed or self.now,
            proposed_by=staff if proposed else None,
            proposed_at=proposed,
            answered_at=answered,
            started_at=started,
            # The time to match counts from the candidate's wait (one mentorship each here).
            queued_at=plan.candidate.queued_at if started else None,
            ended_at=ended,
            end_reason=ending.reason if ending else "",
            end_note=(
                INTERRUPTION_NOTES[ending.reason] if ending and ending.status == _CUT else ""
            ),
        )
        self.mentorship_rows.append(mentorship)
        return mentorship

    def _log_meetings(
        self, mentorship: Mentorship, count: int, last_day: datetime.date, logged_by: list[User]
    ) -> None:
        first_day = mentorship.started_at.astimezone(PARIS).date()
        span = max((last_day - first_day).days, 0)
        days = sorted(
            first_day + datetime.timedelta(days=self.rng.randint(0, span)) for _ in range(count)
        )
        for day in days:
            topics = self.rng.sample(Meeting.Topic.values, self.rng.randint(1, 3))
            self.meetings.append(
                Meeting(
                    mentorship=mentorship,
                    date=day,
                    duration_minutes=self.rng.choice((45, 60, 60, 90, 90, 120)),
                    mode=self.rng.choices(Meeting.Mode.values, weights=(5, 3, 2))[0],
                    topics=topics,
                    notes=self.rng.choice(MEETING_NOTES),
                    logged_by=self.rng.choice(logged_by),
                    created_at=min(self._moment(day) + datetime.timedelta(hours=2), self.now),
                )
            )

    def _introduce(
        self,
        mentorship: Mentorship,
        day: datetime.date,
        *,
        company: str | None = None,
        result: str | None = None,
    ) -> None:
        female = self._chance(0.5)
        self.introductions.append(
            Introduction(
                mentorship=mentorship,
                date=day,
                contact_company=company or self.fake.company(),
                contact_role=_gendered(self.rng.choice(INTRODUCTION_ROLES), female),
                result=result
                or self.rng.choice(
                    [r for r in Introduction.Result.values if r != Introduction.Result.OFFER]
                ),
                notes="",
                created_by=mentorship.mentor.user,
                created_at=min(self._moment(day) + datetime.timedelta(hours=3), self.now),
            )
        )

    def _close(self, plan: _CandidatePlan, mentorship: Mentorship, ending: Ending) -> None:
        """Meetings, introductions and the outcome of a finished mentorship."""
        started, ended = mentorship.started_at, mentorship.ended_at
        start_day, end_day = started.astimezone(PARIS).date(), ended.astimezone(PARIS).date()
        meetings = self.rng.randint(1, 3) if ending.status == _CUT else self.rng.randint(3, 8)
        people = [mentorship.mentor.user, plan.candidate.user]
        self._log_meetings(mentorship, meetings, end_day, people)
        if ending.contract is None:
            return
        job_start = None
        employer = ""
        through_network = False
        if ending.has_job:
            job_start = max(end_day - self._span(0, 20), start_day + datetime.timedelta(days=10))
            job_start = min(job_start, end_day)
            through_network = self._chance(0.3)
            employer = (
                f"{plan.candidate.user.last_name} Conseil"
                if ending.contract == Contract.BUSINESS_CREATION
                else self.fake.company()
            )
            if through_network:
                intro_day = max(start_day, job_start - self._span(15, 60))
                self._introduce(
                    mentorship, intro_day, company=employer, result=Introduction.Result.OFFER
                )
        if self._chance(0.35):
            for _ in range(self.rng.randint(1, 2)):
                self._introduce(mentorship, start_day + self._span(0, (end_day - start_day).days))
        checked = still = None
        if job_start and ending.contract in Outcome.DURABLE_CONTRACTS:
            check_day = job_start + datetime.timedelta(days=183)
            if check_day <= self.today:
                checked = self._moment(check_day)
                still = True if ending.at_level else self._chance(0.7)
        elif job_start and ending.contract == Contract.CDD_SHORT:
            still = False if self._chance(0.5) else None
        job_title = plan.candidate.target_job if ending.has_job else ""
        if ending.contract == Contract.BUSINESS_CREATION:
            job_title = _gendered("Fondateur|Fondatrice", plan.female)
        confirmed = self._after(ended, 1, 15) if self._chance(0.85) else None
        self.outcomes.append(
            Outcome(
                mentorship=mentorship,
                contract_type=ending.contract,
                job_title=job_title,
                employer=employer,
                start_date=job_start,
                at_level=ending.at_level,
                through_network=through_network,
                declared_by=mentorship.mentor.user,
                declared_at=ended,
                confirmed_by=self._staff_member() if confirmed else None,
                confirmed_at=confirmed,
                durability_checked_at=checked,
                still_employed=still,
            )
        )

    def _finish_candidate(
        self, plan: _CandidatePlan, mentorship: Mentorship, ending: Ending, stay_placed: bool
    ) -> None:
        """The candidate's steps from the mentor's acceptance to placed and alumni."""
        mentor_user = mentorship.mentor.user
        plan.steps.append((Status.IN_MENTORSHIP, mentorship.started_at, mentor_user, ""))
        if ending.has_job:
            label = Contract(ending.contract).label
            plan.steps.append((Status.PLACED, mentorship.ended_at, mentor_user, str(label)))
            if stay_placed:
                return
        alumni_at = self._after(mentorship.ended_at, 30, 180)
        plan.steps.append((Status.ALUMNI, alumni_at, None, ""))

    def _save_mentorships(self) -> None:
        Mentorship.objects.bulk_create(self.mentorship_rows)
        Meeting.objects.bulk_create(self.meetings)
        Introduction.objects.bulk_create(self.introductions)
        Outcome.objects.bulk_create(self.outcomes)
        for name, rows in (
            ("mentorships", self.mentorship_rows),
            ("meetings", self.meetings),
            ("introductions", self.introductions),
            ("outcomes", self.outcomes),
        ):
            self.figures[name] += len(rows)
        self.mentorship_rows, self.meetings, self.introductions, self.outcomes = [], [], [], []

    # --- The 2017 cohort --------------------------------------------------------------------

    def _cohort_2017(self) -> None:
        endings = list(COHORT_ENDINGS)
        self.rng.shuffle(endings)
        year_start = datetime.date(COHORT_YEAR, 1, 3)
        starts = sorted(self._moment(year_start + self._span(0, 345)) for _ in range(COHORT_SIZE))
        # Mentors of 2017: today's veterans and those who have left since.
        seats = [
            _Seat(m) for m in self.mentors if m.activated_at and m.activated_at.year < COHORT_YEAR
        ]
        plans, pairs = [], []
        for started, ending in zip(starts, endings, strict=True):
            proposed = self._before(started, 1, 7)
            validated = self._before(proposed, 1, 20)
            submitted = self._before(validated, 2, 20)
            created = self._before(submitted, 1, 30)
            business = ending.contract == Contract.BUSINESS_CREATION
            plan = self._new_candidate(
                created=created,
                reference=submitted,
                business_creation=business,
            )
            plan.candidate.consent_version = "2016-09"
            self._submit(plan, submitted)
            self._validate(plan, validated)
            if ending.status == _CUT:
                ended = self._after(started, 20, 150)
            elif ending.durable_at_level:
                ended = self._after(started, 90, 270)
            else:
                ended = self._after(started, 60, 240)
            mentor = self._pick_mentor(seats, plan, started, ended, business)
            mentorship = self._mentorship(
                plan,
                mentor,
                status=ending.status,
                proposed=proposed,
                answered=started,
                started=started,
                ended=ended,
                ending=ending,
            )
            self._finish_candidate(plan, mentorship, ending, stay_placed=self._chance(0.2))
            plans.append(plan)
            pairs.append((plan, mentorship, ending))
        self._save_candidates(plans)
        for plan, mentorship, ending in pairs:
            self._close(plan, mentorship, ending)
        meetings, intros = len(self.meetings), len(self.introductions)
        self._save_mentorships()
        durable = sum(1 for e in endings if e.durable_at_level)
        self.figures["cohort_mentorships"] = COHORT_SIZE
        self.figures["cohort_durable_at_level"] = durable
        self.progress(
            f"2017 cohort {len(plans)}/{COHORT_SIZE} mentorships, all ended; "
            f"{durable} durable jobs at level ({durable / COHORT_SIZE:.0%}), "
            f"{meetings} meetings, {intros} introductions"
        )

    # --- Today's candidates -----------------------------------------------------------------

    def _current_candidates(self) -> None:
        plans_by_status: dict[str, list[_CandidatePlan]] = defaultdict(list)
        made = 0
        total = sum(CURRENT_CANDIDATES.values())

        def add(status: str, plan: _CandidatePlan) -> None:
            nonlocal made
            plans_by_status[status].append(plan)
            made += 1

        for _ in range(CURRENT_CANDIDATES[Status.DRAFT]):
            created = self._days_ago(1, 60)
            add(
                Status.DRAFT,
                self._new_candidate(
                    created=created,
                    reference=created,
                    partial=self._chance(0.6),
                ),
            )
        for _ in range(CURRENT_CANDIDATES[Status.SUBMITTED]):
            submitted = self._days_ago(1, 25)
            plan = self._new_candidate(
                created=self._before(submitted, 1, 20),
                reference=submitted,
            )
            self._submit(plan, submitted)
            add(Status.SUBMITTED, plan)
        for _ in range(CURRENT_CANDIDATES[Status.INCOMPLETE]):
            submitted = self._days_ago(8, 45)
            plan = self._new_candidate(
                created=self._before(submitted, 1, 20),
                reference=submitted,
            )
            self._submit(plan, submitted)
            self._ask_document(plan, self._after(submitted, 2, 7))
            add(Status.INCOMPLETE, plan)
        reasons = list(INELIGIBLE_REASONS)
        for index in range(CURRENT_CANDIDATES[Status.INELIGIBLE]):
            # Refused within the last 3 months: older refusals are anonymised (DESIGN §10).
            submitted = self._days_ago(12, 75)
            because = reasons[index % len(reasons)]
            plan = self._new_candidate(
                created=self._before(submitted, 1, 20),
                reference=submitted,
                ineligible_because=because,
            )
            self._submit(plan, submitted)
            decided = self._after(submitted, 1, 10)
            staff = self._staff_member()
            candidate = plan.candidate
            candidate.decided_at, candidate.decided_by = decided, staff
            candidate.decision_reason = INELIGIBLE_REASONS[because]
            plan.steps.append((Status.INELIGIBLE, decided, staff, INELIGIBLE_REASONS[because]))
            add(Status.INELIGIBLE, plan)
        for _ in range(CURRENT_CANDIDATES[Status.ELIGIBLE]):
            validated = self._days_ago(1, 30)
            plan = self._applied_until(validated)
            add(Status.ELIGIBLE, plan)
        for away in (Status.PAUSED, Status.WITHDRAWN):
            for index in range(CURRENT_CANDIDATES[away]):
                validated = self._days_ago(20, 60)
                plan = self._applied_until(validated)
                reason, note = AWAY[away][index % len(AWAY[away])]
                since = self._after(validated, 3, 15)
                candidate = plan.candidate
                candidate.away_reason, candidate.away_note, candidate.away_since = (
                    reason,
                    note,
                    since,
                )
                plan.steps.append((away, since, candidate.user, str(reason.label)))
                add(away, plan)

        # Mentorships of the last two years, in start order so no mentor is ever over
        # capacity: ended ones (alumni, placed) and those in progress (never ending yet).
        starts: list[tuple[datetime.datetime, str, Ending | None]] = []
        for ending in ALUMNI_ENDINGS:
            # Ended within the last 2 years: older inactive files are anonymised (DESIGN §10).
            starts.append((self._days_ago(430, 690), Status.ALUMNI, ending))
        for ending in PLACED_ENDINGS:
            starts.append((self._days_ago(70, 400), Status.PLACED, ending))
        for _ in range(CURRENT_CANDIDATES[Status.IN_MENTORSHIP] - 1):
            starts.append((self._days_ago(3, 200), Status.IN_MENTORSHIP, None))
        starts.sort(key=lambda item: item[0])
        seats = [
            _Seat(m)
            for m in self.mentors
            if m.status == Mentor.Status.ACTIVE and m is not self.demo_mentor
        ]
        active_seats = [s for s in seats if s.mentor.paused_until is None]
        closures = []
        for started, status, ending in starts:
            proposed = self._before(started, 1, 7)
            plan = self._applied_until(self._before(proposed, 1, 20))
            if ending is None:
                mentor = self._pick_mentor(active_seats, plan, started, None)
                mentorship = self._mentorship(
                    plan,
                    mentor,
                    status=MStatus.ACTIVE,
                    proposed=proposed,
                    answered=started,
                    started=started,
                    score=self.rng.randint(55, 97),
                )
                plan.steps.append((Status.IN_MENTORSHIP, started, mentor.user, ""))
                self._ongoing(plan, mentorship)
            else:
                if ending.status == _CUT:
                    ended = self._after(started, 20, 150)
                else:
                    ended = self._after(started, 60, 300)
                ended = min(ended, self._days_ago(1, 1))
                business = ending.contract == Contract.BUSINESS_CREATION
                mentor = self._pick_mentor(seats, plan, started, ended, business)
                mentorship = self._mentorship(
                    plan,
                    mentor,
                    status=ending.status,
                    proposed=proposed,
                    answered=started,
                    started=started,
                    ended=ended,
                    ending=ending,
                    score=self.rng.randint(55, 97),
                )
                self._finish_candidate(
                    plan, mentorship, ending, stay_placed=status == Status.PLACED
                )
                closures.append((plan, mentorship, ending))
            add(plan.steps[-1][0], plan)

        add(Status.IN_MENTORSHIP, self._demo_candidate())
        self._proposals(plans_by_status[Status.ELIGIBLE], seats)

        plans = [plan for status in CURRENT_CANDIDATES for plan in plans_by_status[status]]
        self._save_candidates(plans)
        for plan, mentorship, ending in closures:
            self._close(plan, mentorship, ending)
        self._save_mentorships()
        counts = Counter(p.candidate.status for p in plans)
        self.figures["current_candidates"] = made
        self.progress(
            f"Current candidates {made}/{total}: "
            + ", ".join(f"{status} {counts[status]}" for status in CURRENT_CANDIDATES)
        )
        active = sum(1 for p in plans if p.candidate.status == Status.IN_MENTORSHIP)
        self.progress(
            f"Mentorships {self.figures['mentorships']} in all, {active} in progress; "
            f"meetings {self.figures['meetings']}, introductions {self.figures['introductions']},"
            f" outcomes {self.figures['outcomes']}, status changes "
            f"{self.figures['status_changes']}"
        )
        self._demo_email_addresses()

    def _applied_until(
        self, validated: datetime.datetime, email: str | None = None
    ) -> _CandidatePlan:
        """A candidate found eligible at ``validated``, sometimes after a missing document."""
        submitted = self._before(validated, 2, 15)
        plan = self._new_candidate(
            created=self._before(submitted, 1, 20),
            reference=submitted,
            email=email,
        )
        self._submit(plan, submitted)
        if self._chance(0.2):
            asked = self._after(submitted, 1, 1)
            resubmitted = self._before(validated, 1, 1)
            if submitted < asked < resubmitted < validated:
                self._ask_document(plan, asked)
                plan.steps.append((Status.SUBMITTED, resubmitted, plan.candidate.user, ""))
                plan.candidate.requested_document = plan.candidate.decision_reason = ""
        self._validate(plan, validated)
        return plan

    def _ask_document(self, plan: _CandidatePlan, at: datetime.datetime) -> None:
        candidate = plan.candidate
        kinds = [Document.Kind.CV]
        if candidate.qpv:
            kinds.append(Document.Kind.PROOF_QPV)
        if candidate.boursier:
            kinds.append(Document.Kind.PROOF_BOURSIER)
        if candidate.rsa:
            kinds.append(Document.Kind.PROOF_RSA)
        kind = self.rng.choice(kinds)
        staff = self._staff_member()
        candidate.requested_document = kind
        candidate.decided_at, candidate.decided_by = at, staff
        candidate.decision_reason = INCOMPLETE_REQUESTS[kind]
        plan.steps.append((Status.INCOMPLETE, at, staff, INCOMPLETE_REQUESTS[kind]))

    def _ongoing(self, plan: _CandidatePlan, mentorship: Mentorship) -> None:
        """Meetings (about one a month) and introductions of a mentorship in progress."""
        elapsed = (self.today - mentorship.started_at.astimezone(PARIS).date()).days
        count = min(8, elapsed // 28 + self.rng.randint(0, 1)) if elapsed >= 7 else 0
        yesterday = self.today - datetime.timedelta(days=1)
        self._log_meetings(
            mentorship, count, yesterday, [mentorship.mentor.user, plan.candidate.user]
        )
        if elapsed > 30 and self._chance(0.35):
            start_day = mentorship.started_at.astimezone(PARIS).date()
            self._introduce(mentorship, start_day + self._span(7, elapsed - 1))

    def _demo_candidate(self) -> _CandidatePlan:
        """The candidate login: in mentorship with the mentor login for forty days."""
        started = self._days_ago(40, 40)
        proposed = self._before(started, 2, 2)
        plan = self._applied_until(self._before(proposed, 5, 5), email=CANDIDATE_LOGIN.email)
        mentorship = self._mentorship(
            plan,
            self.demo_mentor,
            status=MStatus.ACTIVE,
            proposed=proposed,
            answered=started,
            started=started,
            score=88,
        )
        plan.steps.append((Status.IN_MENTORSHIP, started, self.demo_mentor.user, ""))
        people = [self.demo_mentor.user, plan.candidate.user]
        self._log_meetings(mentorship, 2, self.today - datetime.timedelta(days=3), people)
        self._introduce(mentorship, self.today - datetime.timedelta(days=10))
        self.login_users[CANDIDATE_LOGIN] = plan.candidate.user
        return plan

    def _proposals(self, eligible: list[_CandidatePlan], seats: list[_Seat]) -> None:
        """Eligible candidates waiting: proposals sent, declined, expired, or still drafts.

        The most recently validated get the pending proposals (none is older than the 14-day
        expiry); the longest waiting had a proposal expire.
        """
        free = [
            s.mentor
            for s in seats
            if s.mentor.paused_until is None and s.load_at(self.now) < s.mentor.capacity
        ]
        waiting = sorted(eligible, key=lambda plan: plan.candidate.validated_at, reverse=True)
        # The mentor login has one place left and one proposal to answer.
        proposed, declined, drafts = waiting[:9], waiting[9:12], waiting[12:15]
        expired = waiting[-2:]
        for index, plan in enumerate(proposed):
            mentor = self.demo_mentor if index == 0 else self.rng.choice(free)
            at = self._after(plan.candidate.validated_at, 0, 2)
            self._mentorship(
                plan, mentor, status=MStatus.PROPOSED, proposed=at, score=self.rng.randint(60, 95)
            )
        for plan in declined:
            at = self._after(plan.candidate.validated_at, 0, 2)
            mentorship = self._mentorship(
                plan,
                self.rng.choice(free),
                status=MStatus.DECLINED,
                proposed=at,
                answered=self._after(at, 0, 4),
                score=self.rng.randint(50, 80),
            )
            mentorship.decline_reason = self.rng.choice(DECLINE_REASONS)
        for plan in drafts:
            # A batch suggestion under staff review, invisible to the mentors.
            for mentor in self.rng.sample(free, 2):
                self._mentorship(
                    plan,
                    mentor,
                    status=MStatus.DRAFT,
                    proposed=None,
                    score=self.rng.randint(50, 95),
                )
        for plan in expired:
            at = self._after(plan.candidate.validated_at, 0, 2)
            self._mentorship(
                plan,
                self.rng.choice(free),
                status=MStatus.EXPIRED,
                proposed=at,
                score=self.rng.randint(50, 80),
            )

    def _demo_email_addresses(self) -> None:
        """The five logins get the demo password and a verified address, so they can sign in."""
        users = [self.login_users[login] for login in DEMO_LOGINS]
        for user in users:
            user.set_password(DEMO_PASSWORD)
        User.objects.bulk_update(users, ["password"])
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
