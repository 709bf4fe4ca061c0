from django.shortcuts import redirect, render

from iess.documents.selectors import document_get_by_code


def verify_form(request):
    code = request.GET.get("codigo", "").strip()
    if code:
        return redirect("documents:verify", code=code.upper())
    return render(request, "documents/verify.html", {"document": None, "searched": False})


def verify(request, code: str):
    document = document_get_by_code(code)
    return render(
        request,
        "documents/verify.html",
        {"document": document, "searched": True, "code": code},
        status=200 if document else 404,
    )
