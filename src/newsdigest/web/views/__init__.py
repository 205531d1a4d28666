"""One module per part of the site; each exports ``routes``."""
