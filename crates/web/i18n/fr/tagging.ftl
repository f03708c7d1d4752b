# Page d’analyse (/tag) et page des données ouvertes (/api) : messages ajoutés pour le ticket 11.

tag-text-hint = En chinois, anglais, français ou espagnol, jusqu’à 1 Mo. Vous pouvez aussi déposer un fichier texte sur la zone.
tag-options-legend = Options
tag-clear = Vider le formulaire
tag-again-heading = Modifier le texte et l’analyser à nouveau
tag-terms-label = Mots du texte qui ont le plus pesé dans le modèle appris

api-group-plan = Le programme de travail
api-group-outputs = Publications et recherche
api-group-meetings = Réunions et calendriers
api-group-atom = Flux Atom
api-group-oai = Moissonnage OAI-PMH
api-group-tag = Analyse de textes
api-group-other = Autres adresses
api-group-service = Le service
api-ep-outputs = Les publications du Centre, des plus récentes aux plus anciennes, avec leurs thèmes, leurs ODD et leurs fichiers.
api-ep-output = Une publication, par son numéro.
api-ep-search = Recherche en texte intégral dans les publications, dans les quatre langues, avec facettes.
api-ep-meetings = Les réunions du calendrier des négociations, par date de début.
api-ep-meeting = Une réunion, par son numéro.
api-ep-organisations = Les organisations avec lesquelles le Centre travaille : noms dans leurs langues, type, pays, type IATI (aucune personne n’y est nommée).
api-ep-ics-all = Tout le calendrier des réunions, au format iCalendar.
api-ep-ics-theme = Les réunions d’un domaine thématique, au format iCalendar.
api-ep-ics-forum = Les réunions d’un organe de négociation, au format iCalendar.
api-ep-ics-programme = Les réunions d’un programme, au format iCalendar.
api-ep-atom-outputs = Les dernières publications, en flux Atom.
api-ep-atom-theme = Les dernières publications d’un domaine thématique, en flux Atom (par exemple trade.atom).
api-ep-atom-series = Les dernières publications d’une série, en flux Atom.
api-ep-oai = Le catalogue des publications pour les moissonneurs, en OAI-PMH 2.0 avec Dublin Core.
api-ep-openapi = La description OpenAPI des adresses JSON.
