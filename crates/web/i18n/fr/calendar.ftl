# Le calendrier des négociations (ticket 11) : liens d'abonnement, fichier
# par réunion, points de préparation publics ou internes, organe, import.

cal-sub-intro = Suivez ces réunions dans votre propre agenda : il se met à jour lorsque les réunions changent.
cal-sub-webcal = Adresse d'agenda (webcal)
cal-sub-webcal-hint = Ouvre directement votre application d'agenda, sur un téléphone ou un ordinateur.
cal-sub-open = M'abonner avec mon application d'agenda
cal-sub-web = Adresse web (https)
cal-sub-web-hint = Copiez cette adresse dans un agenda qui demande une URL.
cal-sub-download = Télécharger le fichier .ics
cal-sub-apps = Comment s'abonner dans votre application d'agenda
cal-sub-app-google = Google Agenda : Autres agendas, +, À partir de l'URL ; collez l'adresse web.
cal-sub-app-outlook = Outlook : Ajouter un calendrier, S'abonner à partir du web ; collez l'adresse web.
cal-sub-app-apple = Calendrier d'Apple (iPhone, iPad, Mac) : touchez « M'abonner avec mon application d'agenda », ou Fichier, Nouvel abonnement à un calendrier, et collez l'adresse webcal.
cal-sub-app-thunderbird = Thunderbird : Nouvel agenda, Sur le réseau ; collez l'adresse web.
cal-add-to-calendar = Ajouter à mon agenda (.ics)
cal-item-public = Public
cal-item-internal = Interne
cal-item-make-public = Rendre public
cal-item-make-internal = Rendre interne
cal-item-visibility = Qui voit ce point
cal-item-public-label = Public : visible par tous
cal-item-public-note = Sinon, seul le personnel du Centre le voit.
cal-body-title = Organe du forum
cal-body-hint = Reconnu d'après le titre lors de l'import ; votre choix est conservé lorsque l'agenda est importé à nouveau.
cal-import-intro-upload = Téléversez un fichier .ics ou collez son contenu. Tous les événements sont importés, ou aucun si l'un d'eux est illisible ; les sessions récurrentes deviennent une réunion par occurrence.
cal-import-file = Fichier iCalendar (.ics)
cal-import-file-hint = { $mb } Mo au plus. Un fichier l'emporte sur le texte collé.
cal-import-paste-hint = Ou collez ici le contenu du fichier.
cal-import-options = Options
cal-import-cancel = Retour au calendrier
cal-import-too-big = le fichier { $file } dépasse { $mb } Mo
cal-import-not-utf8 = le fichier { $file } n'est pas du texte UTF-8 (ligne { $line })
cal-import-empty = choisissez un fichier ou collez son contenu
