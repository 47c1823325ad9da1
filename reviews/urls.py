from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("reviews/", views.my_reviews, name="mine"),
    path("reviews/<int:pk>/", views.assignment, name="assignment"),
    path("secretariat/", views.secretariat, name="secretariat"),
    path("secretariat/invite/", views.invite, name="invite"),
    path("secretariat/<int:pk>/", views.record, name="record"),
    path("secretariat/<int:pk>/assign/", views.assign, name="assign"),
    path("secretariat/<int:pk>/decide/", views.decide, name="decide"),
]
