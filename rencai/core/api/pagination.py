"""The API's one page shape, and `paginated` for lists an action builds itself."""

from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination


class PageNumberPagination(BasePageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def paginated(view, items, serializer_class, *, status: int = 200, context=None):
    """`items` (a queryset or a list) as one page of `serializer_class`, as the schema says of
    any list an action answers (`?page=`, `?page_size=`)."""
    page = view.paginate_queryset(items)
    data = serializer_class(page, many=True, context=context or {}).data
    response = view.get_paginated_response(data)
    response.status_code = status
    return response
