"""Settings packages: ``base`` (shared), ``local`` (embedded default), ``test``, ``production``."""
