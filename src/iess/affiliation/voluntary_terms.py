"""The terms and conditions of the Seguro Voluntario that the person accepts in AFÍLIATE Ya.
Shown in full on the page and served by the API, in the active language."""

from django.utils.translation import gettext_lazy as _

TERMS_TITLE = _("Términos y condiciones de la afiliación voluntaria")

TERMS = [
    (
        _("1. Objeto"),
        _(
            "Al aceptar, usted solicita su afiliación al Régimen Especial del Seguro Voluntario "
            "del Instituto Ecuatoriano de Seguridad Social (IESS), conforme a la Ley de "
            "Seguridad Social y a la Resolución C.D. 625. La afiliación se registra en el "
            "momento en que acepta y rige desde la fecha de inicio indicada en el aviso de "
            "entrada."
        ),
    ),
    (
        _("2. Base declarada y aporte"),
        _(
            "Usted declara una base mensual de aportación que no puede ser menor que el "
            "Salario Básico Unificado vigente. El aporte mensual es el porcentaje de esa base "
            "que fija el IESS para el Seguro Voluntario; si eligió extender la cobertura de "
            "salud a su cónyuge o conviviente, se suma el porcentaje adicional "
            "correspondiente. Puede cambiar su base desde Mi cuenta; el cambio rige desde el "
            "mes siguiente."
        ),
    ),
    (
        _("3. Obligación de pago"),
        _(
            "El aporte de cada mes debe pagarse hasta el día 15 del mes siguiente. Los pagos "
            "tardíos generan intereses y multas según la normativa vigente, y la falta de pago "
            "puede suspender las prestaciones. Los aportes impagos no se cuentan para las "
            "prestaciones."
        ),
    ),
    (
        _("4. Cobertura"),
        _(
            "Con los aportes al día y los tiempos de espera que la ley establece, usted tiene "
            "acceso a las prestaciones del Seguro Voluntario: atención de salud, invalidez, "
            "vejez y muerte, y las demás que determine la normativa del IESS. Las personas "
            "residentes en el exterior reciben la atención de salud en los establecimientos "
            "del IESS en Ecuador."
        ),
    ),
    (
        _("5. Veracidad de la información"),
        _(
            "Usted declara que los datos ingresados son verdaderos. El IESS puede verificarlos "
            "con el Registro Civil y otras fuentes oficiales; la información falsa puede dar "
            "lugar a la anulación de la afiliación y a las acciones legales que correspondan."
        ),
    ),
    (
        _("6. Uso de datos personales"),
        _(
            "El IESS trata sus datos personales solo para gestionar su afiliación, sus aportes "
            "y sus prestaciones, conforme a la Ley Orgánica de Protección de Datos Personales. "
            "Su religión es un dato voluntario, que puede reservarse, y no afecta su "
            "afiliación. Usted puede pedir el acceso, la rectificación y la eliminación de sus "
            "datos en atencionalusuario@iess.gob.ec."
        ),
    ),
    (
        _("7. Terminación"),
        _(
            "Usted puede terminar su afiliación voluntaria en cualquier momento; la afiliación "
            "voluntaria termina también cuando usted pasa a estar afiliado en relación de "
            "dependencia o se jubila."
        ),
    ),
]
