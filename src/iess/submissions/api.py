from ninja import Router

router = Router(tags=["Ventanilla Virtual"])
