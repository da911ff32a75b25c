"""HTTP views: validate the request, call one service, serialize. No domain logic here."""
