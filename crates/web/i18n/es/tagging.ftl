# Página de análisis (/tag) y página de datos abiertos (/api): mensajes añadidos para la incidencia 11.

tag-text-hint = En chino, inglés, francés o español, hasta 1 MB. También puede soltar un archivo de texto sobre el cuadro.
tag-options-legend = Opciones
tag-clear = Vaciar el formulario
tag-again-heading = Modificar el texto y analizarlo de nuevo
tag-terms-label = Palabras del texto que más pesaron en el modelo aprendido

api-group-plan = El programa de trabajo
api-group-outputs = Publicaciones y búsqueda
api-group-meetings = Reuniones y calendarios
api-group-atom = Canales Atom
api-group-oai = Recolección OAI-PMH
api-group-tag = Análisis de textos
api-group-other = Otras direcciones
api-group-service = El servicio
api-ep-outputs = Las publicaciones del Centro, de la más reciente a la más antigua, con sus temas, sus ODS y sus archivos.
api-ep-output = Una publicación, por su número.
api-ep-search = Búsqueda de texto completo en las publicaciones, en los cuatro idiomas, con facetas.
api-ep-meetings = Las reuniones del calendario de negociaciones, por fecha de inicio.
api-ep-meeting = Una reunión, por su número.
api-ep-organisations = Las organizaciones con las que trabaja el Centro: nombres en sus idiomas, tipo, país, tipo IATI (no se nombra a ninguna persona).
api-ep-ics-all = Todo el calendario de reuniones, en formato iCalendar.
api-ep-ics-theme = Las reuniones de un área temática, en formato iCalendar.
api-ep-ics-forum = Las reuniones de un órgano de negociación, en formato iCalendar.
api-ep-ics-programme = Las reuniones de un programa, en formato iCalendar.
api-ep-atom-outputs = Las últimas publicaciones, como canal Atom.
api-ep-atom-theme = Las últimas publicaciones de un área temática, como canal Atom (por ejemplo trade.atom).
api-ep-atom-series = Las últimas publicaciones de una serie, como canal Atom.
api-ep-oai = El catálogo de publicaciones para recolectores, en OAI-PMH 2.0 con Dublin Core.
api-ep-openapi = La descripción OpenAPI de las direcciones JSON.
