"""The public website: server-rendered pages and feeds over the storage layer.

``create_app(config, storage)`` builds the ASGI app. Each view module owns a few
routes; ``app.py`` only assembles them, so new sections (comments, topics, search,
admin) arrive as new view modules.
"""

from .app import create_app

__all__ = ["create_app"]
