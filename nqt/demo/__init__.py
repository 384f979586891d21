"""The demo data of a local platform: the top layer, since it writes every app's rows."""
