"""People's logic: keyword-only arguments, transactions inside, domain errors
from archive.services.exceptions."""
