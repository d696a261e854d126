//! Words of violence: what act they name, how strongly, and in which grammatical form.

/// The kind of violence a word names; each is a stable rule id in the reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Bombs, guns, knives: the means.
    Weapon,
    /// Attacks, attentats, massacres, hostage-taking: the event.
    Attack,
    /// Killing someone: tuer, égorger, kill, stab.
    Killing,
    /// Blowing something up: exploser, faire sauter, blow up.
    Explosion,
    /// Setting on fire: brûler, mettre le feu, burn down.
    Arson,
    /// Shooting at people: tirer sur, fusillade, shoot up.
    Shooting,
    /// Death as an outcome or a wish: morts, mourir, crever, dead.
    Death,
    /// Beating someone up: frapper, tabasser, défoncer.
    Assault,
}

impl Family {
    /// The stable snake_case rule id used in reasons.
    pub fn rule(self) -> &'static str {
        match self {
            Family::Weapon => "weapon",
            Family::Attack => "attack",
            Family::Killing => "killing",
            Family::Explosion => "explosion",
            Family::Arson => "arson",
            Family::Shooting => "shooting",
            Family::Death => "death",
            Family::Assault => "assault",
        }
    }
}

/// The grammatical form of a word of violence, as far as its spelling tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A noun or adjective: "bombe", "morts".
    Noun,
    /// A verb in the present, infinitive or imperative: "tuer", "je tire".
    Verb,
    /// A verb in the future or conditional: "explosera", "tuerai". It carries intent itself.
    Future,
    /// A participle (or a spelling that may be one): "tué", "explosés". After a past
    /// auxiliary it tells what happened rather than what will.
    Participle,
}

impl Form {
    /// Whether the word is a verb, which takes objects ("*te* tuer", "tuer *le prof*").
    pub fn is_verb(self) -> bool {
        !matches!(self, Form::Noun)
    }
}

/// What a word of violence means to the screening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Act {
    /// The kind of violence.
    pub family: Family,
    /// 1 = weak, ambiguous on its own ("frapper", "couteau"); 2 = violent ("tuer", "arme");
    /// 3 = explicit ("attentat", "égorger", "faire sauter").
    pub strength: u8,
    /// Its grammatical form.
    pub form: Form,
    /// Also used as praise by pupils ("c'était une *tuerie*", "ton exposé était une *bombe*").
    pub slang: bool,
    /// Only violent with a person or place as object ("*te* planter" but "planter des
    /// tomates", "descendre *le CPE*" but "descendre en récré").
    pub needs_object: bool,
}

impl Act {
    /// A noun of this family and strength.
    pub const fn noun(family: Family, strength: u8) -> Act {
        Act {
            family,
            strength,
            form: Form::Noun,
            slang: false,
            needs_object: false,
        }
    }

    /// The same act in another form.
    pub const fn with_form(self, form: Form) -> Act {
        Act { form, ..self }
    }

    /// The same act, also used as praise.
    pub const fn slang(self) -> Act {
        Act {
            slang: true,
            ..self
        }
    }

    /// The same act, violent only with a person or place as object.
    pub const fn needs_object(self) -> Act {
        Act {
            needs_object: true,
            ..self
        }
    }
}
