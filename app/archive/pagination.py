"""Page-number pagination as the client expects: count on page 1, next = same URL with page+1."""

from rest_framework.pagination import PageNumberPagination


class DandiPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
