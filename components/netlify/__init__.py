"""Netlify: an HTTP client (client.py), dynamic providers (provider.py) and the NetlifySite component
(site.py)."""
