//! The demo's name and word lists: French first names and surnames of many origins, and
//! the words demo passwords are made of. Kept as comma-separated text so they stay compact.

/// The name lists, split once.
pub(super) struct Names {
    pub(super) children: Vec<&'static str>,
    pub(super) adults: Vec<&'static str>,
    pub(super) surnames: Vec<&'static str>,
}

impl Names {
    pub(super) fn load() -> Names {
        Names {
            children: split_list(CHILD_FIRST_NAMES),
            adults: split_list(ADULT_FIRST_NAMES),
            surnames: split_list(SURNAMES),
        }
    }
}

/// The entries of a comma-separated list constant.
pub(super) fn split_list(text: &'static str) -> Vec<&'static str> {
    text.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// First names of pupils born around 2008–2015 in France, girls' and boys' mixed.
const CHILD_FIRST_NAMES: &str = "
    Emma, Jade, Louise, Alice, Chloé, Lina, Léa, Manon, Rose, Anna, Inès, Camille, Lola, Ambre,
    Léna, Zoé, Juliette, Julia, Lou, Sarah, Lucie, Mila, Jeanne, Romane, Agathe, Eva, Nina,
    Charlotte, Inaya, Léonie, Iris, Clara, Margaux, Yasmine, Maëlys, Océane, Mathilde, Salomé,
    Capucine, Élise, Lilou, Maya, Aya, Héloïse, Clémence, Noémie, Lana, Assia, Fatoumata,
    Mélissa, Ilona, Anaïs, Lisa, Nour, Kenza, Marie-Lou, Sofia, Amira, Thaïs, Apolline,
    Gabriel, Léo, Raphaël, Arthur, Louis, Lucas, Adam, Jules, Hugo, Maël, Liam, Noah, Paul,
    Ethan, Tiago, Sacha, Gabin, Nathan, Mohamed, Aaron, Tom, Éden, Théo, Noé, Mathis, Timéo,
    Nolan, Enzo, Axel, Antoine, Samuel, Victor, Baptiste, Yanis, Rayan, Ibrahim, Mathéo,
    Clément, Maxime, Alexandre, Thomas, Valentin, Quentin, Ilyes, Amine, Moussa, Kylian, Evan,
    Marius, Malo, Bilal, Younès, Wassim, Léandre, Côme, Jean-Baptiste, Anh, Kenji, Elias, Ismaël
";

/// First names of parents, teachers and staff, born around 1965–1990.
const ADULT_FIRST_NAMES: &str = "
    Nathalie, Isabelle, Sylvie, Catherine, Sandrine, Valérie, Stéphanie, Céline, Sophie,
    Aurélie, Virginie, Émilie, Caroline, Julie, Laetitia, Karine, Christelle, Hélène, Delphine,
    Audrey, Élodie, Marion, Claire, Anne-Sophie, Marie-Claire, Véronique, Patricia, Nadia,
    Samira, Fatima, Leïla, Malika, Amandine, Mélanie, Séverine, Myriam, Agnès, Béatrice, Laure,
    Khadija, Aïcha, Mariam, Linh, Ngozi, Ana, Gaëlle,
    Stéphane, Christophe, Nicolas, Sébastien, Laurent, Frédéric, Olivier, Julien, David,
    Jérôme, Thierry, Philippe, Éric, Pascal, Guillaume, Vincent, François, Patrick, Fabrice,
    Cédric, Arnaud, Mickaël, Jean-Marc, Jean-Luc, Pierre-Yves, Emmanuel, Benoît, Xavier,
    Grégory, Yann, Karim, Mehdi, Rachid, Samir, Mamadou, Abdelkader, Hakim, Bruno, Didier,
    Franck, Hervé, Mustafa, Minh, Kévin, João, Loïc
";

/// Surnames as a French school's register has them: the most common French ones, accented,
/// hyphenated and particled names, and names from every origin found in French classrooms.
const SURNAMES: &str = "
    Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon,
    Michel, Lefebvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont,
    Lambert, Fontaine, Rousseau, Vincent, Muller, Lefèvre, Faure, André, Mercier, Blanc,
    Guérin, Boyer, Garnier, Chevalier, François, Legrand, Gauthier, Perrin, Robin, Clément,
    Morin, Nicolas, Henry, Roussel, Mathieu, Gautier, Masson, Marchand, Duval, Denis, Dumont,
    Marie, Lemaire, Noël, Meyer, Dufour, Meunier, Brun, Blanchard, Giraud, Joly, Rivière,
    Lucas, Brunet, Gaillard, Barbier, Arnaud, Gérard, Roche, Renard, Schmitt, Roy, Leroux,
    Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert, Lemoine, Renaud, Dumas, Lacroix,
    Olivier, Philippe, Bourgeois, Pierre, Benoît, Rey, Leclerc, Payet, Rolland, Leclercq,
    Guillaume, Lecomte, Jean, Dupuy, Guillot, Hubert, Berger, Carpentier, Dupuis, Moulin,
    Louis, Deschamps, Huet, Vasseur, Boucher, Fleury, Royer, Klein, Jacquet, Adam, Paris,
    Poirier, Marty, Aubry, Guyot, Carré, Charles, Renault, Charpentier, Ménard, Maillard,
    Baron, Bertin, Bailly, Hervé, Schneider, Collet, Léger, Bouvier, Julien, Prévost, Millet,
    Perrot, Daniel, Cousin, Germain, Breton, Besson, Langlois, Rémy, Pelletier, Lévêque,
    Perrier, Leblanc, Barré, Lebrun, Marchal, Weber, Mallet, Hamon, Boulanger, Jacob, Monnier,
    Michaud, Guichard, Gillet, Étienne, Grondin, Poulain, Tessier, Chauvin, Bouchet, Lemaître,
    Bénard, Maréchal, Humbert, Reynaud, Hoarau, Barthélemy, Cordier, Lejeune, Delaunay,
    Thébault, Hébert, Le Gall, Le Roux, Le Goff, Le Bihan, De Sousa, Saint-Martin,
    Martin-Lagarde, Dubois-Martel, Bernard-Reymond, D'Almeida, N'Diaye, D'Angelo,
    Nguyen, Tran, Pham, Hoang, Benali, Haddad, Belkacem, Bouzid, Amrani, Mansouri, Cherif,
    Hamidi, Saïdi, Ben Salah, Khelifi, Traoré, Diallo, Diop, Camara, Koné, Cissé, Sow, Mendy,
    Keïta, Kouassi, Mensah, Da Silva, Ferreira, Rodrigues, Pereira, Fernandes, Dos Santos,
    Oliveira, Garcia, Martinez, Lopez, Sanchez, Fernandez, Rodriguez, Pérez, Gonzalez, Rossi,
    Esposito, Bianchi, Yilmaz, Kaya, Demir, Öztürk, Kowalski, Nowak, Popescu, Zhang, Wang,
    Chen, Singh, Rakotomalala, Ivanov
";

/// Everyday French words for passwords, unaccented so they type the same on any keyboard.
pub(super) const PASSWORD_WORDS: &str = "
    abeille, arbre, avion, ballon, baleine, bateau, biscuit, bougie, boussole, branche, cabane,
    cactus, camion, canard, carotte, castor, cerise, chameau, chapeau, chaton, cheval, chouette,
    citron, citrouille, colline, comete, coquillage, crayon, dauphin, domino, dragon, ecureuil,
    escargot, etoile, falaise, fanfare, flocon, flute, fontaine, fourmi, framboise, fusee,
    girafe, glacier, grenouille, guitare, harpe, herisson, hibou, horloge, iguane, jardin,
    jongleur, kayak, kiwi, koala, lagune, lanterne, lapin, lavande, libellule, licorne, lion,
    loutre, lumiere, mandarine, manege, marmotte, marron, melon, meteore, miroir, montagne,
    mouette, moulin, myrtille, noisette, nuage, olive, orange, ourson, panda, papillon,
    parapluie, pastel, pelican, perroquet, phare, piano, pinceau, pingouin, pirate, planete,
    plume, poisson, pomme, poney, potiron, prairie, puzzle, quartz, radis, raisin, renard,
    requin, rivage, robot, rocher, sablier, sapin, saphir, sardine, soleil, sorbet, tambour,
    tapis, tigre, tomate, tortue, tournesol, tracteur, trefle, trompette, tulipe, vague, valise,
    vanille, velo, verger, violon, volcan, wagon, yaourt, zebre
";
