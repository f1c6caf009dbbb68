"""The JSON API root, /api/v1/. Each app adds its router here."""

from ninja import NinjaAPI

api = NinjaAPI(title="Grassroots API", version="1", urls_namespace="api")
