"""Reference data: the French regions (INSEE codes) and departments, sectors, functions and
languages. Idempotent: existing rows are updated in place, so re-running it changes nothing.

Île-de-France requires a Bac+4 (its historical threshold); the other regions Bac+3. National
admins change a region's minimum level in the admin.
"""

from django.db import migrations

BAC3, BAC4 = 3, 4

# (INSEE code, slug, name, minimum diploma level)
REGIONS = [
    ("84", "auvergne-rhone-alpes", "Auvergne-Rhône-Alpes", BAC3),
    ("27", "bourgogne-franche-comte", "Bourgogne-Franche-Comté", BAC3),
    ("53", "bretagne", "Bretagne", BAC3),
    ("24", "centre-val-de-loire", "Centre-Val de Loire", BAC3),
    ("94", "corse", "Corse", BAC3),
    ("44", "grand-est", "Grand Est", BAC3),
    ("32", "hauts-de-france", "Hauts-de-France", BAC3),
    ("11", "ile-de-france", "Île-de-France", BAC4),
    ("28", "normandie", "Normandie", BAC3),
    ("75", "nouvelle-aquitaine", "Nouvelle-Aquitaine", BAC3),
    ("76", "occitanie", "Occitanie", BAC3),
    ("52", "pays-de-la-loire", "Pays de la Loire", BAC3),
    ("93", "provence-alpes-cote-d-azur", "Provence-Alpes-Côte d'Azur", BAC3),
    ("01", "guadeloupe", "Guadeloupe", BAC3),
    ("02", "martinique", "Martinique", BAC3),
    ("03", "guyane", "Guyane", BAC3),
    ("04", "la-reunion", "La Réunion", BAC3),
    ("06", "mayotte", "Mayotte", BAC3),
]

# (code, name, region INSEE code)
DEPARTMENTS = [
    ("01", "Ain", "84"),
    ("02", "Aisne", "32"),
    ("03", "Allier", "84"),
    ("04", "Alpes-de-Haute-Provence", "93"),
    ("05", "Hautes-Alpes", "93"),
    ("06", "Alpes-Maritimes", "93"),
    ("07", "Ardèche", "84"),
    ("08", "Ardennes", "44"),
    ("09", "Ariège", "76"),
    ("10", "Aube", "44"),
    ("11", "Aude", "76"),
    ("12", "Aveyron", "76"),
    ("13", "Bouches-du-Rhône", "93"),
    ("14", "Calvados", "28"),
    ("15", "Cantal", "84"),
    ("16", "Charente", "75"),
    ("17", "Charente-Maritime", "75"),
    ("18", "Cher", "24"),
    ("19", "Corrèze", "75"),
    ("2A", "Corse-du-Sud", "94"),
    ("2B", "Haute-Corse", "94"),
    ("21", "Côte-d'Or", "27"),
    ("22", "Côtes-d'Armor", "53"),
    ("23", "Creuse", "75"),
    ("24", "Dordogne", "75"),
    ("25", "Doubs", "27"),
    ("26", "Drôme", "84"),
    ("27", "Eure", "28"),
    ("28", "Eure-et-Loir", "24"),
    ("29", "Finistère", "53"),
    ("30", "Gard", "76"),
    ("31", "Haute-Garonne", "76"),
    ("32", "Gers", "76"),
    ("33", "Gironde", "75"),
    ("34", "Hérault", "76"),
    ("35", "Ille-et-Vilaine", "53"),
    ("36", "Indre", "24"),
    ("37", "Indre-et-Loire", "24"),
    ("38", "Isère", "84"),
    ("39", "Jura", "27"),
    ("40", "Landes", "75"),
    ("41", "Loir-et-Cher", "24"),
    ("42", "Loire", "84"),
    ("43", "Haute-Loire", "84"),
    ("44", "Loire-Atlantique", "52"),
    ("45", "Loiret", "24"),
    ("46", "Lot", "76"),
    ("47", "Lot-et-Garonne", "75"),
    ("48", "Lozère", "76"),
    ("49", "Maine-et-Loire", "52"),
    ("50", "Manche", "28"),
    ("51", "Marne", "44"),
    ("52", "Haute-Marne", "44"),
    ("53", "Mayenne", "52"),
    ("54", "Meurthe-et-Moselle", "44"),
    ("55", "Meuse", "44"),
    ("56", "Morbihan", "53"),
    ("57", "Moselle", "44"),
    ("58", "Nièvre", "27"),
    ("59", "Nord", "32"),
    ("60", "Oise", "32"),
    ("61", "Orne", "28"),
    ("62", "Pas-de-Calais", "32"),
    ("63", "Puy-de-Dôme", "84"),
    ("64", "Pyrénées-Atlantiques", "75"),
    ("65", "Hautes-Pyrénées", "76"),
    ("66", "Pyrénées-Orientales", "76"),
    ("67", "Bas-Rhin", "44"),
    ("68", "Haut-Rhin", "44"),
    ("69", "Rhône", "84"),
    ("70", "Haute-Saône", "27"),
    ("71", "Saône-et-Loire", "27"),
    ("72", "Sarthe", "52"),
    ("73", "Savoie", "84"),
    ("74", "Haute-Savoie", "84"),
    ("75", "Paris", "11"),
    ("76", "Seine-Maritime", "28"),
    ("77", "Seine-et-Marne", "11"),
    ("78", "Yvelines", "11"),
    ("79", "Deux-Sèvres", "75"),
    ("80", "Somme", "32"),
    ("81", "Tarn", "76"),
    ("82", "Tarn-et-Garonne", "76"),
    ("83", "Var", "93"),
    ("84", "Vaucluse", "93"),
    ("85", "Vendée", "52"),
    ("86", "Vienne", "75"),
    ("87", "Haute-Vienne", "75"),
    ("88", "Vosges", "44"),
    ("89", "Yonne", "27"),
    ("90", "Territoire de Belfort", "27"),
    ("91", "Essonne", "11"),
    ("92", "Hauts-de-Seine", "11"),
    ("93", "Seine-Saint-Denis", "11"),
    ("94", "Val-de-Marne", "11"),
    ("95", "Val-d'Oise", "11"),
    ("971", "Guadeloupe", "01"),
    ("972", "Martinique", "02"),
    ("973", "Guyane", "03"),
    ("974", "La Réunion", "04"),
    ("976", "Mayotte", "06"),
]

SECTORS = [
    ("agri-food", "Agriculture, agroalimentaire", "Agriculture and food"),
    (
        "aerospace-automotive",
        "Aéronautique, automobile, transports",
        "Aerospace, automotive and transport",
    ),
    ("banking-insurance", "Banque, assurance, finance", "Banking, insurance and finance"),
    ("construction-real-estate", "BTP, immobilier", "Construction and real estate"),
    ("retail", "Commerce, distribution", "Retail and distribution"),
    ("consulting-audit", "Conseil, audit", "Consulting and audit"),
    ("social-economy", "Économie sociale et solidaire", "Social and solidarity economy"),
    ("education-training", "Éducation, formation", "Education and training"),
    ("energy-environment", "Énergie, environnement", "Energy and environment"),
    ("hospitality-tourism", "Hôtellerie, restauration, tourisme", "Hospitality and tourism"),
    ("industry", "Industrie", "Industry"),
    ("it-digital", "Informatique, numérique", "IT and digital"),
    ("legal", "Juridique", "Legal services"),
    ("logistics", "Logistique, transport de marchandises", "Logistics and freight"),
    ("luxury-fashion", "Luxe, mode, cosmétique", "Luxury, fashion and cosmetics"),
    ("media-culture", "Médias, communication, culture", "Media, communication and culture"),
    ("health-pharma", "Santé, pharmacie", "Health and pharmaceuticals"),
    ("public-sector", "Secteur public, administration", "Public sector"),
    ("business-services", "Services aux entreprises", "Business services"),
    ("telecoms", "Télécommunications", "Telecommunications"),
]

JOB_FAMILIES = [
    ("purchasing", "Achats", "Purchasing"),
    ("sales", "Commercial, vente", "Sales"),
    ("communication", "Communication", "Communication"),
    ("consulting", "Conseil", "Consulting"),
    ("data", "Data, statistiques", "Data and statistics"),
    ("management", "Direction générale, management", "General management"),
    ("entrepreneurship", "Entrepreneuriat", "Entrepreneurship"),
    ("finance", "Finance, comptabilité, contrôle de gestion", "Finance, accounting and control"),
    ("it", "Informatique, systèmes d'information", "IT and information systems"),
    ("engineering", "Ingénierie, recherche et développement", "Engineering, R&D"),
    ("legal", "Juridique", "Legal"),
    ("supply-chain", "Logistique, supply chain", "Logistics and supply chain"),
    ("marketing", "Marketing", "Marketing"),
    ("production-quality", "Production, qualité, HSE", "Production, quality, HSE"),
    ("hr", "Ressources humaines", "Human resources"),
    ("health-social", "Santé, social", "Health and social work"),
    ("arts-design", "Arts, design, création", "Arts and design"),
    ("humanities", "Lettres, sciences humaines", "Humanities and social sciences"),
]

LANGUAGES = [
    ("fr", "Français", "French"),
    ("en", "Anglais", "English"),
    ("es", "Espagnol", "Spanish"),
    ("de", "Allemand", "German"),
    ("it", "Italien", "Italian"),
    ("pt", "Portugais", "Portuguese"),
    ("ar", "Arabe", "Arabic"),
    ("zh", "Chinois", "Chinese"),
    ("ru", "Russe", "Russian"),
    ("tr", "Turc", "Turkish"),
    ("nl", "Néerlandais", "Dutch"),
    ("pl", "Polonais", "Polish"),
    ("ro", "Roumain", "Romanian"),
    ("wo", "Wolof", "Wolof"),
    ("ber", "Berbère", "Berber"),
    ("lsf", "Langue des signes française", "French Sign Language"),
]


def load(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    Department = apps.get_model("core", "Department")
    regions = {}
    for code, slug, name, level in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code, defaults={"slug": slug, "name": name, "min_diploma_level": level}
        )
    for code, name, region_code in DEPARTMENTS:
        Department.objects.update_or_create(
            code=code, defaults={"name": name, "region": regions[region_code]}
        )
    for model_name, rows in (
        ("Sector", SECTORS),
        ("JobFamily", JOB_FAMILIES),
        ("Language", LANGUAGES),
    ):
        model = apps.get_model("core", model_name)
        for code, name, name_en in rows:
            model.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
