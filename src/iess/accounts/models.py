from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffProfile(models.Model):
    """Where a staff member works. Without a province the person acts nationally."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    province = models.ForeignKey(
        "registry.Province",
        verbose_name=_("provincia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Vacío: alcance nacional."),
    )

    class Meta:
        verbose_name = _("perfil de funcionario")
        verbose_name_plural = _("perfiles de funcionarios")

    def __str__(self) -> str:
        return f"{self.user} ({self.province or _('nacional')})"


class PortalAccount(models.Model):
    """The portal credentials of a person (clave de afiliado): a Django user whose username is
    the person's cédula or foreigner identification code."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="portal_account",
    )
    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="portal_account",
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("cuenta del portal")
        verbose_name_plural = _("cuentas del portal")

    def __str__(self) -> str:
        return str(self.person)


class ClaveState(models.Model):
    """How a person stands in the clave flow: wrong answers so far and whether the clave is
    blocked. Kept per person in the database, so a new session or address starts no count."""

    class BlockReason(models.TextChoices):
        TOO_MANY_FAILURES = "failures", _("Demasiadas respuestas incorrectas")
        NOT_ME = "not_me", _("La persona informó un cambio de correo que no hizo")

    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="clave_state",
    )
    failures = models.PositiveSmallIntegerField(_("respuestas incorrectas"), default=0)
    blocked_at = models.DateTimeField(_("bloqueada desde"), null=True, blank=True)
    block_reason = models.CharField(
        _("motivo del bloqueo"), max_length=10, choices=BlockReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("estado de la clave")
        verbose_name_plural = _("estados de la clave")
        constraints = [
            models.CheckConstraint(
                name="clave_state_blocked_has_reason",
                condition=models.Q(blocked_at__isnull=True, block_reason="")
                | (models.Q(blocked_at__isnull=False) & ~models.Q(block_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.failures})"

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None


class SecretQuestion(models.Model):
    """One of the two personal questions a person chose; the answer is hashed like a password
    after normalisation (case, accents and surrounding spaces do not count)."""

    class Question(models.TextChoices):
        FIRST_PET = "first_pet", _("¿Cuál fue el nombre de su primera mascota?")
        MOTHER_CITY = "mother_city", _("¿En qué ciudad nació su madre?")
        PRIMARY_SCHOOL = "primary_school", _("¿Cómo se llamaba su escuela primaria?")
        CHILDHOOD_FRIEND = (
            "childhood_friend",
            _("¿Cuál es el nombre de su mejor amigo de infancia?"),
        )
        FAVOURITE_TEACHER = "teacher", _("¿Cuál es el apellido de su profesor favorito?")
        FIRST_JOB_CITY = "first_job_city", _("¿En qué ciudad tuvo su primer trabajo?")

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="secret_questions",
    )
    position = models.PositiveSmallIntegerField(_("posición"))
    question = models.CharField(_("pregunta"), max_length=20, choices=Question.choices)
    answer_hash = models.CharField(_("respuesta (cifrada)"), max_length=256)

    class Meta:
        verbose_name = _("pregunta personal")
        verbose_name_plural = _("preguntas personales")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                name="secret_question_one_per_position", fields=["person", "position"]
            ),
            models.UniqueConstraint(name="secret_question_distinct", fields=["person", "question"]),
            models.CheckConstraint(
                name="secret_question_position_1_or_2", condition=models.Q(position__in=[1, 2])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.position}"


class ClaveLink(models.Model):
    """A single-use emailed link: to set a new clave (15 minutes) or, sent to the previous
    address after an email change, to block the account ("no fui yo"). Only the SHA-256 of the
    random token is stored."""

    class Purpose(models.TextChoices):
        SET_CLAVE = "set_clave", _("Crear la clave")
        NOT_ME = "not_me", _("Bloquear: no fui yo")

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="clave_links",
    )
    purpose = models.CharField(_("propósito"), max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(_("huella del enlace"), max_length=64, unique=True)
    email = models.EmailField(_("enviado a"))
    previous_email = models.EmailField(_("correo anterior"), blank=True)
    created_at = models.DateTimeField(_("creado"))
    expires_at = models.DateTimeField(_("caduca"))
    used_at = models.DateTimeField(_("usado"), null=True, blank=True)

    class Meta:
        verbose_name = _("enlace de clave")
        verbose_name_plural = _("enlaces de clave")
        constraints = [
            models.CheckConstraint(
                name="clave_link_expires_after_creation",
                condition=models.Q(expires_at__gt=models.F("created_at")),
            ),
            models.CheckConstraint(
                name="clave_link_purpose_known",
                condition=models.Q(purpose__in=["set_clave", "not_me"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.purpose} · {self.created_at:%Y-%m-%d %H:%M}"


class ClaveDecoyState(models.Model):
    """Wrong answers given for an identity number that no person holds, counted in the
    database exactly like a person's, so the countdown and the block look the same whether
    or not the number is registered. Only a keyed hash of the number is kept."""

    identity_digest = models.CharField(_("identificación (hash)"), max_length=64, unique=True)
    failures = models.PositiveSmallIntegerField(_("respuestas incorrectas"), default=0)
    blocked_at = models.DateTimeField(_("bloqueada desde"), null=True, blank=True)

    class Meta:
        verbose_name = _("conteo de identificación no registrada")
        verbose_name_plural = _("conteos de identificaciones no registradas")

    def __str__(self) -> str:
        return self.identity_digest[:12]


class EmployerClaveRequest(models.Model):
    """A "Solicitud de entrega de clave" an employer generated after registering, with its two
    documents (the request, optionally authorising a third party to collect the clave, and the
    Acuerdo de Responsabilidad). Delivered at the counter or through the Ventanilla Virtual;
    an employer has at most one pending request (a new one supersedes the previous)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        ISSUED = "issued", _("Clave entregada")
        SUPERSEDED = "superseded", _("Reemplazada por una solicitud posterior")

    class Channel(models.TextChoices):
        COUNTER = "counter", _("Ventanilla (presencial)")
        VIRTUAL = "virtual", _("Ventanilla Virtual")

    employer = models.ForeignKey(
        "registry.Employer",
        verbose_name=_("empleador"),
        on_delete=models.PROTECT,
        related_name="clave_requests",
    )
    third_party_name = models.CharField(_("tercero autorizado"), max_length=200, blank=True)
    third_party_cedula = models.CharField(_("cédula del tercero"), max_length=10, blank=True)
    request_document = models.OneToOneField(
        "documents.IssuedDocument",
        verbose_name=_("solicitud de entrega de clave"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreement_document = models.OneToOneField(
        "documents.IssuedDocument",
        verbose_name=_("acuerdo de responsabilidad"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("generada"), auto_now_add=True)
    issued_at = models.DateTimeField(_("clave entregada"), null=True, blank=True)
    issued_channel = models.CharField(
        _("canal de entrega"), max_length=10, choices=Channel.choices, blank=True
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entregada por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_reference = models.CharField(_("referencia de la entrega"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("solicitud de clave patronal")
        verbose_name_plural = _("solicitudes de clave patronal")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                name="employer_clave_request_one_pending",
                fields=["employer"],
                condition=models.Q(status="pending"),
            ),
            models.CheckConstraint(
                name="employer_clave_request_third_party_complete",
                condition=models.Q(third_party_name="", third_party_cedula="")
                | (
                    ~models.Q(third_party_name="") & models.Q(third_party_cedula__regex=r"^\d{10}$")
                ),
            ),
            models.CheckConstraint(
                name="employer_clave_request_issued_has_delivery",
                condition=~models.Q(status="issued")
                | (models.Q(issued_at__isnull=False) & ~models.Q(issued_channel="")),
            ),
            models.CheckConstraint(
                name="employer_clave_request_status_known",
                condition=models.Q(status__in=["pending", "issued", "superseded"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.request_document.code}"

    @property
    def code(self) -> str:
        return self.request_document.code

    @property
    def has_third_party(self) -> bool:
        return bool(self.third_party_cedula)


class EmployerAccount(models.Model):
    """The clave patronal: a Django user (username = the RUC) tied to one employer. Separate
    from PortalAccount, so an employer session never reads an affiliate's data or back."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="employer_account",
    )
    employer = models.OneToOneField(
        "registry.Employer",
        verbose_name=_("empleador"),
        on_delete=models.PROTECT,
        related_name="portal_account",
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    activated_at = models.DateTimeField(_("clave creada"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuenta patronal")
        verbose_name_plural = _("cuentas patronales")

    def __str__(self) -> str:
        return str(self.employer)


class EmployerClaveLink(models.Model):
    """The single-use activation link emailed when the clave patronal is issued; only the
    SHA-256 of its random token is stored."""

    account = models.ForeignKey(
        EmployerAccount,
        verbose_name=_("cuenta patronal"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    token_hash = models.CharField(_("huella del enlace"), max_length=64, unique=True)
    email = models.EmailField(_("enviado a"))
    created_at = models.DateTimeField(_("creado"))
    expires_at = models.DateTimeField(_("caduca"))
    used_at = models.DateTimeField(_("usado"), null=True, blank=True)

    class Meta:
        verbose_name = _("enlace de activación patronal")
        verbose_name_plural = _("enlaces de activación patronal")
        constraints = [
            models.CheckConstraint(
                name="employer_clave_link_expires_after_creation",
                condition=models.Q(expires_at__gt=models.F("created_at")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} · {self.created_at:%Y-%m-%d %H:%M}"
