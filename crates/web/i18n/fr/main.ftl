# Interface web de southdesk — français.
# Chaque identifiant de message existe aussi dans zh/, en/ et es/, avec le même sens.

## Cadre des pages

site-name = southdesk
site-tagline = Centre Sud · Programme de travail thématique
page-title = { $page } · southdesk
meta-description = Le programme de travail thématique du Centre Sud : domaines thématiques, objectifs, modes d’action et programmes qui les portent.
skip-link = Aller au contenu principal
nav-label = Navigation principale
nav-overview = Vue d’ensemble
nav-versions = Versions du programme
nav-tag = Analyser un texte
nav-api = Données ouvertes
lang-switcher-label = Langue
footer-about = Le Centre Sud est le groupe de réflexion intergouvernemental des pays en développement consacré à la recherche sur les politiques, établi à Genève.
footer-open-data = Le programme de travail est aussi publié en données ouvertes.

## Vue d’ensemble

home-adopted-on = Adopté le { $date }
home-intro = Les domaines thématiques du programme, les objectifs qu’ils servent, les modes d’action et les programmes qui portent chaque domaine.
home-stats-label = Le programme en chiffres
home-stats-areas =
    { $count ->
        [one] { $count } domaine thématique
       *[other] { $count } domaines thématiques
    }
home-stats-programmes =
    { $count ->
        [one] { $count } programme
       *[other] { $count } programmes
    }
home-stats-cross-cutting =
    { $count ->
        [one] { $count } domaine transversal
       *[other] { $count } domaines transversaux
    }
home-areas-heading = Domaines thématiques
home-objectives-heading = Objectifs
home-objectives-intro = Chaque domaine thématique sert les quatre objectifs du programme.
home-modes-heading = Modes d’action
home-modes-intro = Le Centre agit de quatre manières complémentaires.
home-matrix-heading = Programmes et domaines thématiques
home-matrix-intro = Quel programme pilote chaque domaine thématique et quels programmes l’appuient. Les domaines portés par au moins deux programmes sont transversaux.
matrix-caption = Domaines thématiques (lignes) et programmes qui les portent (colonnes)
matrix-area-column = Domaine thématique
legend-heading = Légende
legend-lead = Pilote le domaine
legend-supporting = Appuie le domaine
legend-cross-cutting = Domaine transversal, porté par au moins deux programmes

## Domaines thématiques

area-number = Domaine { $number }
role-lead = Pilote
role-supporting = Appui
badge-cross-cutting = Transversal
card-more-topics =
    { $count ->
        [one] et { $count } autre
       *[other] et { $count } autres
    }
label-topics = Sujets
label-lead-programme = Programme pilote
label-supporting-programmes = Programmes d’appui
area-forums-heading = Enceintes et processus
area-programmes-heading = Programmes
area-objectives-heading = Objectifs servis
area-objectives-intro = Comme tous les domaines du programme, ce domaine sert ses quatre objectifs.
area-no-topics = Aucun sujet n’est indiqué pour ce domaine.
area-no-forums = Aucune enceinte particulière n’est indiquée pour ce domaine.
area-no-supporting = Aucun : le programme pilote porte seul ce domaine.
area-pager-label = Autres domaines thématiques
area-previous = Domaine précédent
area-next = Domaine suivant
area-json = Données de ce domaine (JSON)

## Versions du programme

versions-title = Versions du programme
versions-intro = Toutes les versions du programme de travail conservées : projets, version en vigueur et versions qu’elle a remplacées.
versions-caption = Versions enregistrées, de la plus récente à la plus ancienne
versions-col-label = Version
versions-col-period = Période
versions-col-status = Statut
versions-col-adopted = Adoptée le
versions-col-areas = Domaines thématiques
versions-col-data = Données
versions-not-adopted = Non adoptée
versions-empty = Aucune version du programme n’est encore enregistrée.
status-draft = Projet
status-adopted = En vigueur
status-superseded = Remplacée

## Données ouvertes

api-title = Données ouvertes
api-intro = Le programme de travail est publié en données ouvertes au format JSON. Chaque texte est donné en anglais, chinois, espagnol et français, sans clé d’accès.
api-endpoints-heading = Adresses
api-col-address = Adresse
api-col-content = Contenu
api-ep-plan = Le programme en vigueur : domaines thématiques, objectifs, modes d’action, programmes et enceintes.
api-ep-theme = Un domaine thématique, désigné par son identifiant.
api-ep-versions = Les versions enregistrées du programme.
api-ep-version = Une version du programme avec tout son contenu.
api-ep-tag = Étiquette un texte avec les domaines thématiques et les objectifs de développement durable dont il traite, et les indices.
api-ep-health = L’état du service et de sa base de données.
api-docs-heading = Documentation
api-docs-text = La documentation interactive permet d’essayer chaque adresse depuis le navigateur ; elle est rédigée en anglais.
api-docs-link = Ouvrir la documentation interactive
api-spec-link = Télécharger la description OpenAPI
api-errors-heading = Erreurs
api-errors-text = Une erreur est signalée par un statut HTTP et un corps JSON contenant un code stable et un message, par exemple :

## Erreurs et pages vides

notfound-title = Page introuvable
notfound-text = Aucune page ne se trouve à cette adresse. Le lien est peut-être erroné, ou la page a été déplacée.
notfound-area-text = Le programme en vigueur ne comporte aucun domaine thématique portant cet identifiant.
notfound-home = Aller à la vue d’ensemble
noplan-title = Aucun programme en vigueur
noplan-text = Aucun programme de travail n’a encore été adopté. Dès qu’une version sera adoptée, ses domaines thématiques apparaîtront ici.
noplan-versions = Voir les versions enregistrées
error-title = Service indisponible
error-text = Les données sont momentanément inaccessibles. Veuillez réessayer dans un instant.

## Dates

date-long =
    { $day ->
        [1] 1er
       *[other] { $day }
    } { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Page d’analyse

tag-title = Analyser un texte
tag-intro = Collez un texte — une déclaration, un projet de décision, un article — pour savoir de quels domaines thématiques du programme de travail et de quels objectifs de développement durable il traite, et quels mots le montrent.
tag-text-label = Texte à analyser
tag-text-placeholder = Collez le texte ici
tag-file-label = Ou chargez un fichier texte (.txt, .md)
tag-file-hint = Vous pouvez aussi déposer un fichier sur la zone de texte. Le fichier est lu par votre navigateur et n’est envoyé qu’à la validation du formulaire.
tag-file-loaded = Le fichier a été chargé dans la zone de texte.
tag-file-wrong-type = Seuls les fichiers texte (.txt, .md) peuvent être chargés.
tag-file-too-large = Ce fichier dépasse 1 Mo ; chargez un extrait plus court.
tag-file-unreadable = Le fichier n’a pas pu être lu.
tag-all-label = Afficher aussi les candidats plus faibles
tag-submit = Analyser le texte
tag-error-empty = Il n’y a aucun texte à analyser. Collez un texte ou chargez un fichier.
tag-error-too-large = Le texte dépasse 1 Mo. Analysez un extrait plus court.
tag-error-bad-form = Le formulaire n’a pas pu être lu. Veuillez réessayer.
tag-error-failed = Le texte n’a pas pu être analysé. Veuillez réessayer dans quelques instants.
tag-result-title = Étiquettes du texte
tag-result-intro = Les domaines thématiques et les objectifs de développement durable trouvés dans le texte, du plus marqué au moins marqué, avec les mots qui y renvoient.
tag-themes-heading = Domaines thématiques trouvés
tag-no-themes = Aucun domaine thématique n’a été trouvé dans ce texte.
tag-sdgs-heading = Objectifs de développement durable trouvés
tag-no-sdgs = Aucun objectif n’a été trouvé dans ce texte.
tag-sdg-number = ODD { $goal }
tag-sdg-label = ODD { $goal } : { $name }
tag-candidate = Candidat
tag-score-label = Degré de confiance
tag-score-value = { $percent } %
tag-evidence-label = Indices dans le texte
tag-features-label = Traits les plus forts du modèle appris
tag-source-vocabulary = vocabulaire
tag-source-query = requête { $query }
tag-text-heading = Le texte, indices surlignés
tag-again = Analyser un autre texte

## Objectifs de développement durable (noms courts)

sdg-1 = Pas de pauvreté
sdg-2 = Faim « zéro »
sdg-3 = Bonne santé et bien-être
sdg-4 = Éducation de qualité
sdg-5 = Égalité entre les sexes
sdg-6 = Eau propre et assainissement
sdg-7 = Énergie propre et d’un coût abordable
sdg-8 = Travail décent et croissance économique
sdg-9 = Industrie, innovation et infrastructure
sdg-10 = Inégalités réduites
sdg-11 = Villes et communautés durables
sdg-12 = Consommation et production responsables
sdg-13 = Mesures relatives à la lutte contre les changements climatiques
sdg-14 = Vie aquatique
sdg-15 = Vie terrestre
sdg-16 = Paix, justice et institutions efficaces
sdg-17 = Partenariats pour la réalisation des objectifs

## Comptes, connexion, administration

nav-login = Se connecter
nav-logout = Se déconnecter
nav-admin-users = Comptes
forbidden-title = Accès refusé
forbidden-text = Votre compte ne permet pas d’ouvrir cette page ni de faire cette action.
csrf-title = Le formulaire a expiré
csrf-text = Le formulaire a été envoyé sans son jeton de sécurité, ou avec un jeton périmé. Revenez en arrière, rechargez la page et envoyez-le à nouveau.
toolarge-title = Le formulaire est trop volumineux
toolarge-text = Ce que vous avez envoyé dépasse { $mb } Mo, le maximum accepté par ce formulaire. Rien n’a été enregistré. Revenez en arrière, réduisez les fichiers ou le texte et envoyez-le à nouveau.
timeout-title = L’envoi du formulaire s’est interrompu
timeout-text = Votre navigateur n’a rien transmis pendant { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    } au cours de l’envoi du formulaire ; il n’a donc pas été enregistré. Vérifiez votre connexion, revenez en arrière et envoyez-le à nouveau.
login-title = Connexion
login-email = Adresse électronique
login-password = Mot de passe
login-submit = Se connecter
login-failed = Adresse électronique ou mot de passe incorrect.
login-throttled = Trop de tentatives manquées. Attendez un quart d’heure avant de réessayer.
account-title = Votre compte
account-name = Nom
account-email = Adresse électronique
account-role = Rôle
account-binding = Programme, État membre ou groupe
account-role-admin = Administrateur
account-role-management = Direction
account-role-coordinator = Coordinateur de programme
account-role-staff = Personnel
account-role-delegate = Délégué
account-role-board = Membre du Conseil d’administration
account-role-council = Membre du Conseil des représentants
account-role-public = Public
account-password-heading = Changer de mot de passe
account-password-current = Mot de passe actuel
account-password-new = Nouveau mot de passe (au moins 12 caractères)
account-password-confirm = Nouveau mot de passe, une seconde fois
account-password-submit = Changer le mot de passe
account-password-wrong = Le mot de passe actuel est incorrect.
account-password-mismatch = Les deux nouveaux mots de passe diffèrent.
account-password-changed = Votre mot de passe a été changé. Vos autres sessions sont closes.
password-too-short = Le mot de passe doit compter au moins 12 caractères.
tokens-heading = Jetons d’accès à l’API
tokens-intro = Un jeton personnel permet à des programmes d’utiliser l’API en votre nom : envoyez-le dans l’en-tête « Authorization: Bearer » suivi du jeton. Révoquez les jetons dont vous ne vous servez plus.
tokens-created = Jeton « { $name } » créé. Copiez-le maintenant : il ne sera plus affiché.
tokens-none = Vous n’avez aucun jeton.
tokens-caption = Vos jetons d’accès
tokens-col-name = Nom du jeton
tokens-col-prefix = Début
tokens-col-created = Créé le
tokens-col-used = Dernière utilisation
tokens-col-state = État
tokens-never-used = Jamais
tokens-revoked = Révoqué
tokens-revoke = Révoquer
tokens-name = Nom du nouveau jeton
tokens-create = Créer un jeton
tokens-name-missing = Donnez un nom au jeton (100 caractères au plus).
admin-users-title = Comptes
admin-users-caption = Comptes du bureau, par adresse électronique
admin-col-state = État
admin-col-actions = Actions
admin-state-active = Actif
admin-state-disabled = Désactivé
admin-disable = Désactiver
admin-enable = Réactiver
admin-reset-label = Nouveau mot de passe
admin-reset-submit = Définir le mot de passe
admin-add-heading = Ajouter un compte
admin-programme = Programme (coordinateurs)
admin-member = État membre (délégués)
admin-group = Groupe (délégués)
admin-none = Aucun
admin-password = Mot de passe (au moins 12 caractères)
admin-add-submit = Ajouter le compte
admin-error-role = Choisissez un rôle.
admin-error-binding = Un coordinateur a besoin d’un programme, un délégué d’un seul État membre ou groupe, et les autres rôles d’aucun.
admin-error-programme = Ce programme n’existe pas dans le plan en vigueur.
admin-error-member = Cet État membre n’existe pas.
admin-error-group = Ce groupe n’existe pas.
admin-error-email = Indiquez une adresse électronique valide.
admin-error-taken = Un compte existe déjà avec cette adresse électronique.

## Calendrier des négociations (crates/web/src/pages/meetings.rs)
cal-nav = Calendrier
cal-title = Calendrier des négociations
cal-intro = Les réunions des forums où le Centre suit les négociations, avec ce qu'il prépare pour chacune.
cal-view-list = Liste
cal-view-month = Mois
cal-view-next = Les 30 prochains jours dans mes thèmes
cal-views-label = Vues du calendrier
cal-add = Ajouter une réunion
cal-empty = Aucune réunion pendant cette période.
cal-subscribe = S'abonner dans votre application d'agenda
cal-feed-all = Toutes les réunions du calendrier du Centre Sud
cal-feed-theme = Réunions sur { $name }
cal-feed-forum = Réunions de { $name }
cal-feed-programme = Réunions des thèmes de { $name }
cal-subscribe-hint = Collez cette adresse dans votre application d'agenda pour suivre les réunions et leurs changements.
cal-col-when = Quand
cal-col-meeting = Réunion
cal-col-forum = Forum
cal-col-status = État
cal-status-planned = Prévue
cal-status-confirmed = Confirmée
cal-status-postponed = Reportée
cal-status-cancelled = Annulée
cal-status-held = Tenue
cal-role-statement = Déclaration
cal-role-side-event = Événement parallèle
cal-role-briefing = Séance d'information
cal-role-delegations-supported = Appui aux délégations
cal-all-day = toute la journée
cal-online = En ligne
cal-venue = Lieu
cal-languages = Langues
cal-themes = Thèmes
cal-forum = Forum
cal-agenda = Ordre du jour
cal-roles = Rôle du Centre
cal-time-zone = Fuseau horaire
cal-prepared = Préparé
cal-still-asked = Encore demandé
cal-nothing-prepared = Rien n'est encore préparé.
cal-nothing-asked = Plus rien n'est demandé.
cal-checklist = Liste de préparation
cal-checklist-add = Ajouter à la liste
cal-checklist-item = Nouvel élément
cal-mark-done = Marquer comme fait
cal-mark-open = Marquer comme à faire
cal-link-request = Demande nº { $id }
cal-link-output = Publication nº { $id }
cal-link-add = Lier une demande ou une publication
cal-link-kind = Type
cal-link-kind-request = Demande
cal-link-kind-output = Publication
cal-link-id = Numéro
cal-link-submit = Lier
cal-link-missing = Il n'existe aucune demande ni publication portant ce numéro.
cal-change-status = Changer l'état
cal-save = Enregistrer
cal-my-themes = Mes thèmes
cal-my-themes-pick = Choisir les thèmes à suivre
cal-my-themes-none = Choisissez des thèmes pour voir leurs réunions.
cal-my-themes-programme = Les thèmes de votre programme.
cal-timeline-title = Réunions sur { $theme }
cal-timeline-past = Réunions passées
cal-timeline-upcoming = Réunions à venir
cal-month-prev = Mois précédent
cal-month-next = Mois suivant
cal-new-title = Ajouter une réunion
cal-field-title = Titre
cal-field-body = Organe du forum
cal-field-none = Aucun
cal-field-start = Début (heure locale)
cal-field-end = Fin (heure locale)
cal-field-tz = Fuseau horaire (nom IANA, par exemple Europe/Zurich)
cal-field-venue = Lieu
cal-field-online = Adresse de la réunion en ligne
cal-field-languages = Langues (par exemple en, fr, es)
cal-field-agenda = Ordre du jour
cal-field-status = État
cal-field-roles = Rôle du Centre
cal-field-themes = Thèmes (outre ceux trouvés dans le titre et l'ordre du jour)
cal-field-checklist = Liste de préparation (un élément par ligne)
cal-create = Ajouter la réunion
cal-error-title = Donnez un titre à la réunion.
cal-error-time = Indiquez le début et la fin avec la date et l'heure (2026-03-10T10:00).
cal-error-invalid = La réunion ne peut pas être enregistrée : { $reason }
cal-notfound = Cette réunion n'existe pas.
cal-day-1 = lun.
cal-day-2 = mar.
cal-day-3 = mer.
cal-day-4 = jeu.
cal-day-5 = ven.
cal-day-6 = sam.
cal-day-7 = dim.
cal-import = Importer un fichier iCalendar
cal-import-title = Importer des réunions depuis un fichier iCalendar
cal-import-intro = Collez le contenu d'un fichier .ics. Tous les événements sont importés, ou aucun si l'un d'eux est illisible ; les sessions récurrentes deviennent une réunion par occurrence.
cal-import-field = Contenu du fichier .ics
cal-import-submit = Importer les réunions
cal-import-failed = Rien n'a été importé : { $reason }
cal-import-update = Mettre à jour les réunions déjà au calendrier (même UID) : leurs dates, leur statut et leurs détails suivent le fichier ; les rôles, la liste de contrôle et les thèmes du Centre restent.
cal-import-synced = Importé : { $added } nouvelles, { $updated } mises à jour, { $unchanged } inchangées.
cal-import-see = Voir le calendrier

## Base de connaissances (crates/web/src/kb)
kb-nav = Publications
kb-title = Publications et travaux
kb-search-label = Rechercher dans les travaux
kb-search-placeholder = Mots, « expressions exactes », dans toute langue
kb-search-button = Rechercher
kb-facets-label = Affiner les résultats
kb-results-count =
    { $count ->
        [one] Un résultat
       *[other] { $count } résultats
    }
kb-no-results = Aucun résultat. Essayez d’autres mots ou retirez un filtre.
kb-hit-language = Langue de cette version
kb-pages-label = Pages de résultats
kb-prev = Précédente
kb-next = Suivante
kb-page-of = Page { $page } sur { $pages }
kb-export = Citer ou exporter :
kb-feed-link = Suivre ces travaux (flux Atom)
kb-feed-all = Travaux du Centre Sud
kb-theme-outputs-title = Travaux sur { $theme }
kb-series-outputs-title = { $series }
kb-programme-outputs-title = Travaux de { $programme }
kb-new = Ajouter un travail
kb-new-title = Ajouter un travail
kb-edit = Modifier
kb-edit-title = Modifier le travail
kb-create = Ajouter le travail
kb-save = Enregistrer et confirmer les thèmes et les ODD
kb-create-help = Une fois le travail ajouté, l’outil d’indexation propose des thèmes et des ODD avec leurs indices ; vous les confirmez ou les changez ensuite.
kb-upload-title = Téléverser un document
kb-upload-help = Un fichier PDF, DOCX, HTML, Markdown ou texte de { $mb } Mo au plus. Son texte, son titre et sa langue sont lus dans le fichier ; l’outil d’indexation propose ensuite des thèmes et des ODD, que vous confirmez à la page suivante.
kb-upload-file = Fichier
kb-upload-button = Téléverser et lire
kb-upload-failed = Le document n’a pas été ajouté
kb-upload-failed-text = Rien n’a été enregistré.
kb-upload-no-file = Choisissez un fichier à téléverser.
kb-upload-duplicate = Ce fichier figure déjà au catalogue.
kb-tags-help = Cochés : les thèmes et les ODD sous lesquels le travail est classé. Tout écart par rapport à la proposition est conservé pour améliorer l’outil.
kb-tags-unconfirmed = Les thèmes et les ODD ont été proposés par l’outil d’indexation et ne sont pas encore confirmés par le personnel.
kb-proposed = Proposés par l’outil d’indexation
kb-evidence = indices :
kb-full-text = Texte intégral
kb-back-to-list = Retour aux travaux
kb-form-errors = Veuillez corriger ce qui suit :
kb-form-record = Le travail
kb-form-version = Version en { $language }
kb-authors-help = Un auteur par ligne. Pour un auteur extérieur au Centre, ajoutez | et son institution.
kb-countries-help = Codes ISO à trois lettres, séparés par des virgules (BRA, IND).
kb-error-title = Affichage impossible
kb-error-format = Le format d’export « { $format } » n’existe pas. Utilisez bibtex, ris, csljson ou csv.
kb-error-search = La recherche a échoué. Veuillez réessayer plus tard.
kb-error-field = { $field } : { $problem }
kb-notfound = Ce travail n’existe pas, ou vous ne pouvez pas le voir.
kb-notfound-file = Ce fichier n’existe pas, ou vous ne pouvez pas le voir.
kb-notfound-theme = Ce domaine thématique n’existe pas.
kb-notfound-programme = Ce programme n’existe pas.
kb-problem-required = ce champ est obligatoire
kb-problem-invalid = cette valeur n’est pas utilisable
kb-problem-duplicate = cette valeur figure deux fois
kb-problem-unknown = cette valeur ne figure pas dans le programme de travail
kb-problem-too-long = ce texte est trop long
kb-problem-series-required = un numéro exige une collection
kb-problem-taken = cette collection et ce numéro sont déjà utilisés
kb-field-type = Type
kb-field-series = Collection
kb-field-number = Numéro
kb-field-date = Date
kb-field-visibility = Visibilité
kb-field-authors = Auteurs
kb-field-countries = Pays
kb-field-meetings = Réunions (numéros)
kb-field-programmes = Programmes
kb-field-forums = Instances
kb-field-themes = Thèmes
kb-field-sdgs = Objectifs de développement durable
kb-field-languages = Langues
kb-field-title = Titre
kb-field-abstract = Résumé
kb-field-body = Texte intégral
kb-field-file = Fichier
kb-field-record = Le travail
kb-visibility-public = Public
kb-visibility-internal = Interne
kb-visibility-confidential = Confidentiel
kb-facet-type = Type
kb-facet-series = Collection
kb-facet-theme = Thème
kb-facet-sdg = ODD
kb-facet-programme = Programme
kb-facet-forum = Instance
kb-facet-year = Année
kb-facet-language = Langue
kb-facet-country = Pays
kb-type-research-paper = Document de recherche
kb-type-policy-brief = Note d’orientation
kb-type-southviews = SouthViews
kb-type-tax-cooperation-policy-brief = Note d’orientation sur la coopération fiscale
kb-type-climate-policy-brief = Note d’orientation sur le climat
kb-type-statement = Déclaration
kb-type-submission = Contribution écrite
kb-type-analytical-note = Note analytique
kb-type-book = Livre
kb-type-meeting-report = Compte rendu de réunion
kb-type-training = Formation
kb-type-side-event = Manifestation parallèle
kb-type-advisory-note = Note de conseil
kb-type-document = Document

# ---- bureau des demandes (req-)
req-nav = Demandes
req-queue-title = Mes demandes à traiter
req-queue-empty = Aucune demande ici.
req-new-link = Soumettre une demande
req-overdue-title = Demandes en retard
req-inbox-title = Notifications
req-inbox-empty = Rien de nouveau.
req-col-number = N°
req-col-title = Objet
req-col-requester = Demandeur
req-col-status = État
req-col-received = Reçue le
req-col-ack-due = Accuser réception avant le
req-col-deadline = Échéance
req-overdue = en retard
req-new-title = Soumettre une demande
req-field-requester = Au nom de
req-field-channel = Reçue par
req-field-title = Objet
req-field-text = Ce qui est demandé
req-field-contact = Personne de contact
req-field-lang = Langue de la demande
req-field-mode = Type d’appui
req-field-forum = Enceinte
req-field-meeting = Réunion concernée
req-field-deadline = Pour le
req-field-confidential = Confidentielle
req-field-attachments = Pièces jointes
req-submit = Envoyer la demande
req-nothing-stored = Rien n’a été enregistré.
req-stored = La demande { $id } est enregistrée avec tout son contenu. Vous serez informé de chaque étape.
req-done = La modification est enregistrée.
req-refused-title = Le bureau ne peut pas faire cela
req-not-found = Cette demande n’existe pas.
req-number = Demande { $id }
req-yes = Oui
req-declined-because = Refusée
req-routing = Orientation
req-out-of-plan = Aucun thème du programme ne couvre cette demande : elle est notée pour la prochaine modification du programme.
req-themes = Thèmes
req-lead = Programme chef de file
req-supporting = Programmes associés
req-sdgs = Objectifs de développement durable
req-sdg = Objectif { $goal }
req-assignees = Confiée à
req-nobody = Personne pour l’instant
req-someone = Un collègue
req-evidence = Pourquoi ces thèmes ont été proposés
req-triage-heading = Confirmer les thèmes
req-triage-submit = Confirmer l’orientation
req-assign-heading = Confier à
req-assign-submit = Confier
req-decline-heading = Refuser pour ce motif
req-decline-note = Explication pour le demandeur
req-decline-submit = Refuser la demande
req-status-heading = Faire avancer la demande :
req-links = Réponses
req-no-links = Aucune publication ni réunion n’est encore liée.
req-link-target = Numéro de la publication
req-link-submit = Lier la publication
req-comments = Commentaires
req-comment-label = Votre commentaire
req-comment-internal = Interne (Secrétariat seulement)
req-comment-submit = Ajouter le commentaire
req-history = Historique
req-member-title = Demandes de { $name }
req-programme-title = Demandes pour { $programme }
req-stats-total = Demandes faites
req-stats-open = En cours
req-stats-delivered = Traitées
req-stats-declined = Refusées
req-stats-ack = Jours ouvrables moyens avant l’accusé de réception
req-stats-deliver = Jours ouvrables moyens avant la réponse
req-stats-late = Accusés de réception tardifs
req-mark-read = Marquer comme lu
req-status-received = Reçue
req-status-triaged = Orientée
req-status-assigned = Confiée
req-status-in-progress = En cours
req-status-delivered = Livrée
req-status-closed = Close
req-status-declined = Refusée
req-channel-web = Formulaire en ligne
req-channel-api = Interface de programmation
req-channel-email = Courriel
req-channel-meeting = En réunion
req-reason-outside-mandate = Hors du mandat du Centre
req-reason-no-capacity = Pas de capacité pour le moment
req-link-output = Publication
req-link-meeting = Réunion
req-event-received = a reçu la demande
req-event-triaged = a confirmé l’orientation
req-event-assigned = a confié la demande
req-event-status = a changé l’état
req-event-comment = a commenté
req-event-linked = a lié une réponse
req-inbox-received = La demande { $id } a été reçue
req-inbox-assigned = La demande { $id } vous a été confiée
req-inbox-status = La demande { $id } a avancé
req-inbox-comment = La demande { $id } a un nouveau commentaire
req-inbox-overdue = La demande { $id } est en retard
req-error-no-title = Indiquez l’objet de la demande.
req-error-title-too-long = L’objet est trop long (300 caractères au plus).
req-error-no-text = Dites ce qui est demandé.
req-error-text-too-large = Le texte est trop long (64 Ko au plus).
req-error-field-too-long = Un champ est trop long (300 caractères au plus).
req-error-no-contact = Indiquez une personne de contact.
req-error-unknown-member = Cet État membre n’existe pas.
req-error-unknown-group = Ce groupe n’existe pas.
req-error-deadline-in-past = L’échéance est déjà passée.
req-error-too-many-attachments = Cinq pièces jointes au plus.
req-error-attachment-too-large = Une pièce jointe est trop grande (4 Mo au plus).
req-error-bad-attachment = Une pièce jointe est vide ou sans nom.
req-error-invalid-date = La date n’est pas valide.
req-error-invalid-mode = Choisissez un type d’appui.
req-error-no-requester = Indiquez au nom de qui la demande est faite.
req-error-bad-comment = Le commentaire est vide ou trop long.
req-error-invalid-assignee = Choisissez des collègues du Secrétariat.
req-error-unknown-output = Aucune publication ne porte ce numéro.
req-error-unknown-meeting = Aucune réunion ne porte ce numéro.
req-error-no-reason = Donnez un motif et une explication.
req-error-unknown-programme = Ce programme n’existe pas dans le plan.
req-error-lead-also-supports = Le chef de file ne peut pas être aussi un programme associé.
req-error-no-lead = Des programmes associés demandent un chef de file.
req-error-conflict = La demande a avancé entre-temps : cette étape ne s’applique plus.
req-error-other = La demande n’a pas pu être lue.

## Courriels de notification : la langue de la demande d’abord, puis les trois autres.
mail-received-subject = Demande reçue : { $title }
mail-received-body = Votre demande « { $title } » au nom de { $requester } a été reçue le { $date }. Le Centre Sud en accusera réception dans un délai de { $days } jours ouvrables.
mail-assigned-subject = Demande nº { $id } qui vous est confiée : { $title }
mail-assigned-body = La demande nº { $id } « { $title } » de { $requester } vous a été confiée.
mail-status-subject = Demande nº { $id } désormais « { $status } » : { $title }
mail-status-body = La demande nº { $id } « { $title } » de { $requester } est désormais : { $status }.
mail-acknowledged-subject = Accusé de réception de la demande nº { $id } : { $title }
mail-acknowledged-body = La demande nº { $id } « { $title } » de { $requester } a fait l’objet d’un accusé de réception et a été transmise aux programmes qui y répondront.
mail-comment-subject = Nouveau commentaire sur la demande nº { $id } : { $title }
mail-comment-body = La demande nº { $id } « { $title } » de { $requester } a reçu un nouveau commentaire. Connectez-vous au bureau des demandes pour le lire.
mail-overdue-subject = Demande nº { $id } en retard : { $title }
mail-overdue-body = La demande nº { $id } « { $title } » de { $requester } a dépassé sa date d’accusé de réception ou de remise.

## Knowledge base search: the other languages an output matched in (followed by their names)
kb-hit-also-in = Aussi en
kb-empty-title = Le catalogue est vide
kb-empty-text = Aucune publication n’a encore été publiée. Revenez bientôt, ou suivez le flux pour être averti de la première.
kb-empty-text-staff = Aucune publication pour l’instant. Ajoutez la première, ou chargez un dossier de documents avec `southdesk ingest`.
kb-past-last-title = Cette page n’existe pas
kb-past-last-text = Cette liste a moins de pages que l’adresse n’en demande.
kb-past-last-link = Aller à la première page
kb-no-results-title = Aucun résultat

## Le domaine, carrefour du travail qui s'y fait
area-work-heading = Le travail sur ce domaine
area-stat-outputs = Publications
area-stat-open-requests = Demandes en cours
area-stat-meetings = Réunions à venir
area-recent-heading = Dernières publications
area-recent-empty = Aucune publication de ce domaine pour l'instant.
area-all-outputs = Toutes les publications
area-all-outputs-of = Toutes les publications de ce domaine
area-cited-heading = Les plus citées
area-cited-empty = Aucune publication de ce domaine n'a encore été citée en réponse à une demande ou pour une réunion.
area-cited-times = { $count ->
    [one] citée une fois
   *[other] citée { $count } fois
 }
area-meetings-heading = Réunions à venir
area-meetings-empty = Aucune réunion de ce domaine n'est prévue.
area-meetings-all = Le calendrier de ce domaine
area-requests-heading = Demandes
area-requests-count = { $count ->
    [0] Aucune demande sur ce domaine n'est en cours.
    [one] Une demande sur ce domaine est en cours.
   *[other] { $count } demandes sur ce domaine sont en cours.
 }
area-requests-all = Les demandes de ce domaine dans le bureau
area-sdgs-heading = Les ODD que touche ce travail
area-sdgs-empty = Aucune publication de ce domaine n'est encore étiquetée avec un ODD.
area-sdg-outputs = { $count ->
    [one] 1 publication
   *[other] { $count } publications
 }
area-feeds-heading = Suivre ce domaine
area-feed-atom = Nouvelles publications (flux Atom)
area-feed-webcal = S'abonner à ses réunions dans votre agenda
area-feed-ics = Adresse de son flux d'agenda, à coller dans une application d'agenda

## Changer d'un coup qui peut lire plusieurs publications (la liste)
kb-bulk-to = Rendre les publications cochées
kb-bulk-apply = Appliquer
kb-bulk-pick = Cocher « { $title } »
kb-bulk-done = { $count ->
    [0] Aucune publication modifiée : celles cochées avaient déjà la visibilité « { $to } ».
    [one] Une publication a maintenant la visibilité « { $to } ».
   *[other] { $count } publications ont maintenant la visibilité « { $to } ».
 }
kb-bulk-error-title = Visibilité inchangée
kb-bulk-bad-to = Choisissez qui peut lire les publications : publiques, internes ou confidentielles.
kb-bulk-bad-id = « { $value } » n'est pas un numéro de publication ; rien n'a été modifié.
kb-bulk-none = Cochez au moins une publication dans la liste, puis choisissez qui peut la lire.
kb-bulk-too-many = On ne peut modifier que { $max } publications à la fois ; rien n'a été modifié.
kb-bulk-gone = La publication { $id } n'existe pas (ou plus) ; rien n'a été modifié.

## Un caractère NUL dans un formulaire ou une adresse
nul-title = Non enregistré : un champ contient un caractère NUL
nul-text = L'un des champs envoyés (ou l'adresse) contient un caractère NUL (U+0000), qui ne peut pas être enregistré. Rien n'a été modifié. Supprimez-le — il vient souvent d'un texte collé depuis un autre programme — et envoyez à nouveau.

## Pourquoi un fichier envoyé n'a pas pu être lu
kb-upload-err-too-large = Le fichier dépasse { $mb } Mo.
kb-upload-err-unsupported = Ce type de fichier n'est pas lu : envoyez un fichier PDF, DOCX, HTML, Markdown ou texte.
kb-upload-err-encrypted = Le PDF est protégé par un mot de passe : enregistrez-en une copie non protégée et envoyez-la.
kb-upload-err-damaged = Le fichier est endommagé ou n'est pas ce que son nom indique ; il n'a pas pu être lu.
kb-upload-err-bomb = Le fichier se décompresse en bien plus que son poids (une possible bombe de décompression) ; il n'a pas été ouvert.
kb-upload-err-no-text = Aucun texte n'a été trouvé dans le fichier (un PDF scanné sans couche de texte ? passez-le d'abord à l'OCR).
kb-upload-err-binary = Le fichier porte un nom de fichier texte mais contient des données binaires.

## Après avoir enregistré une demande qu'on ne peut pas ouvrir
req-logged = La demande n° { $id } est enregistrée et orientée vers son programme, qui en accusera réception ; vous pourrez l'ouvrir dès qu'elle vous sera attribuée. Vous pouvez en enregistrer une autre ci-dessous.
