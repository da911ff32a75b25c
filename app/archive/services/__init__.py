"""Domain logic. Views call one service function; services raise exceptions from services.exceptions."""
