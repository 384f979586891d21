from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Holds ``data.py`` (the Grand Est demo records) and the ``seed_demo`` command; no models.

    It sits above every other app (it writes their rows) and only it imports Faker.
    """

    name = "nqt.demo"
    label = "demo"
    verbose_name = "Demo data"
