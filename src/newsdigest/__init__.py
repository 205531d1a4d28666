"""newsdigest: trending-news digests from many outlets' feeds."""

__version__ = "0.1.0"
