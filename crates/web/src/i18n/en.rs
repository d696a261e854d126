//! Cartable's words in English.

use super::Text;

/// English.
pub(super) static TEXT: Text = Text {
    roles: ["Pupil", "Parent", "Teacher", "School staff", "Head teacher", "Administrator"],
    language_name: "English",
    skip_to_content: "Skip to content",
    main_nav: "Main navigation",
    nav_home: "Home",
    nav_sessions: "My sessions",
    nav_accounts: "Accounts",
    nav_import: "Import directory",
    sign_out: "Sign out",
    signed_in_as: "Signed in:",
    tagline: "Your school's digital workspace",

    signin_title: "Sign in",
    login: "Login",
    password: "Password",
    stay_signed_in: "Stay signed in on this device",
    stay_signed_in_hint: "Pupils: 30 days on a personal device. Do not tick on a shared computer.",
    signin_button: "Sign in",
    first_time: "First time here?",
    activate_link: "Activate my account with my code",

    degraded_banner: "Cartable cannot reach its database right now: this page is the one from your last visit, read-only. It will update as soon as the service is back.",
    home_title: "Home",
    my_class: "My class",
    my_teachers: "My teachers",
    no_class: "You are not in a class yet.",
    subject: "Subject",
    teacher: "Teacher",
    my_children: "My children",
    no_children: "No child is linked to your account.",
    class: "Class",
    my_classes: "My classes",
    no_teachings: "No class is assigned to you yet.",
    pupils: "Pupils",
    pending: "Pending",
    teachers: "Teachers",
    school_classes: "Classes",
    school_accounts: "Accounts",
    role: "Role",
    active: "Active",
    locked: "Locked",
    codes: "Codes",
    print_codes: "Activation codes",
    none: "—",

    sessions_title: "My sessions",
    sessions_intro: "The devices signed in to your account. Revoke any you do not recognise.",
    device: "Device",
    address: "Address",
    opened: "Opened",
    last_seen: "Last active",
    expires: "Expires",
    this_session: "This session",
    revoke: "Revoke",

    activate_title: "Activate my account",
    activate_intro: "Enter your login and the activation code your school gave you, then choose your password.",
    activation_code: "Activation code",
    activation_hint: "Your login and your code are printed together on the sheet your school gave you: copy both.",
    new_password: "New password",
    confirm_password: "Confirm the password",
    password_policy: "At least 8 characters. A phrase of several words is easy to remember and hard to guess. The most common passwords and your login are refused.",
    activate_button: "Activate",
    passwords_differ: "The two passwords are not the same.",

    accounts_title: "The school's accounts",
    search: "Name or login",
    search_button: "Search",
    all_roles: "All roles",
    all_classes: "All classes",
    no_accounts: "No account matches this search.",
    pages_nav: "Result pages",
    previous_page: "Previous page",
    next_page: "Next page",
    name: "Name",
    status: "Status",
    actions: "Actions",
    reset_access: "Reset access",
    reset_title: "New activation code",
    reset_done: "Access was reset: the old password and open sessions no longer work.",
    code_once: "Write down or print this code now: it will not be shown again.",
    valid_until: "Valid until",
    back_to_accounts: "Back to the accounts",
    lock: "Lock",
    lock_title: "Lock an account",
    lock_button: "Lock the account",
    lock_done: "Account locked: its sessions have ended and it can no longer sign in.",
    lock_undo_hint: "To give the access back, reset it: a new activation code will be handed over.",
    cancel: "Cancel",

    import_title: "Import the directory",
    import_intro: "A CSV file with the columns role,login,last_name,first_name,classes,children. If any line is wrong, nothing is imported.",
    csv_file: "CSV file",
    csv_text: "Or paste the file's content",
    import_button: "Import",
    import_done: "Import complete.",
    created: "Accounts created",
    updated: "Accounts updated",
    unchanged: "Accounts unchanged",
    classes_created: "Classes created",
    import_failed: "Nothing was imported. Fix these lines and try again:",
    line: "Line",
    reason: "Reason",

    codes_title: "Activation codes",
    codes_intro: "Accounts of this class waiting for activation (pupils and their parents):",
    codes_warning: "New codes make the ones already handed out for these accounts stop working.",
    codes_button: "Make the code sheet",
    codes_none: "No account of this class is waiting for activation.",
    codes_sheet_intro: "To activate your account, open Cartable's “Activate my account” page and enter your login and this code.",
    codes_print_hint: "Print this page with your browser's print command.",
    code: "Code",

    error_title: "Error",
    back_home: "Back to the home page",

    m: &super::messaging::EN,
    d: &super::continuity::EN,
    docs: &super::documents::EN,
    w: &super::assignments::EN,
    n: &super::board::EN,
};

/// "N accounts": singular for one only.
pub(super) fn account_count(n: i64) -> String {
    if n == 1 {
        format!("{n} account")
    } else {
        format!("{n} accounts")
    }
}

/// The sentence for an error code.
pub(super) fn error(code: &str) -> &'static str {
    match code {
        "invalid_credentials" => "Wrong login or password.",
        "throttled" => "Too many attempts. Please wait before trying again.",
        "busy" => "The service is very busy. Try again in a few seconds.",
        "not_signed_in" => "You are not signed in.",
        "forbidden" => "You do not have access to this page.",
        "not_found" => "This page does not exist.",
        "invalid_input" => "The request holds a wrong value.",
        "body_too_large" => "What you sent is too large.",
        "invalid_json" => "What you sent could not be read.",
        "unsupported_media_type" => "The format of what you sent is not accepted.",
        "file_too_large" => "The file is larger than allowed; nothing was kept.",
        "file_type_not_allowed" => "This type of file is not accepted here; nothing was kept.",
        "name_taken" => "An item of this folder already has this name. Choose another.",
        "quota_exceeded" => "Your space is full: the file was not kept. Empty the trash or delete files (the trash counts until it is purged, 30 days after deletion).",
        "move_into_itself" => "A folder cannot be moved into itself or one of its subfolders.",
        "folders_too_deep" => "Too many nested folders: 16 levels at most.",
        "not_a_folder" => "The destination is not a folder.",
        "not_a_file" => "This is a folder, not a file.",
        "name_empty" => "The name is empty.",
        "name_too_long" => "The name is longer than 120 characters.",
        "name_with_slash" => "The name may not contain “/” or “\\”.",
        "name_reserved" => "The name may not be “.” or “..”.",
        "name_hidden_characters" => "The name holds control or invisible characters.",
        "file_empty" => "The file is empty.",
        "file_infected" => {
            "The antivirus found a virus in this file; it was set aside and not sent."
        }
        "antivirus_unavailable" => {
            "The antivirus cannot check files at the moment; nothing was kept. Try again in a few minutes."
        }
        "deadline_passed" => "The deadline has passed: the work handed in can no longer be replaced.",
        "hand_in_reviewed" => "The teacher has already reviewed this work: it can no longer be changed.",
        "csrf" => {
            "This form has expired or comes from another site. Reload the page and try again."
        }
        "login_taken" => "This login is already taken.",
        "unknown_school" => "Unknown school.",
        "invalid_directory" => "The file has wrong lines; nothing was imported.",
        "invalid_timetable" => "The timetable has wrong lines; nothing was changed.",
        "news_refused" => {
            "This news was not published: its wording needs a review by the staff or the head."
        }
        "invalid_code" => "This activation code is not valid (unknown, already used or expired).",
        "password_too_short" => "The password needs at least 8 characters.",
        "password_too_long" => "The password may have at most 128 characters.",
        "password_too_common" => "This password is among the most common ones; choose another.",
        "password_is_login" => "The password may not be your login.",
        "recipients_refused" => "Some recipients are not allowed; the message was not sent.",
        "messaging_off" => "Sending messages is switched off for your role in this school.",
        "too_many_recipients" => "You wrote to too many people in an hour. Try again later.",
        "too_many_attachments" => "Too many attachments, or too large: 5 files and 20 MB at most.",
        "empty_subject" => "The subject is empty.",
        "subject_too_long" => "The subject is longer than 200 characters.",
        "empty_body" => "The message is empty.",
        "body_too_long" => "The message is longer than 20,000 characters.",
        "hidden_characters" => "The text holds invisible or direction-changing characters.",
        "conflict" => "This no longer applies: things changed in the meantime.",
        _ => "Something went wrong. Try again later.",
    }
}
