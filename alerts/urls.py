from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("saved-searches/", views.mine, name="mine"),
    path("saved-searches/save/", views.save, name="save"),
    path("saved-searches/<int:pk>/", views.change, name="change"),
    path("saved-searches/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
