from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    """The signed-in user's home: the work of their roles."""
    return render(request, "core/home.html")
