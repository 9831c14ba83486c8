from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thresholds.selectors import framework_list


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/start.html", {"frameworks": framework_list()})
