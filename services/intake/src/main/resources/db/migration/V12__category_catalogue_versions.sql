-- 派单目录 as data managed in the product: every version an administrator puts in force, whole (groups and
-- categories as JSON), with who, when and why; the latest revision is in force. Revision 1 is
-- huying/reference/categories.json, stored at the first start. A category is never removed, only retired
-- (active false): calls keep the code they were raised with (calls.catalogue_version names the version).
create table category_catalogue_version (
    revision    integer primary key,
    version     text not null unique,
    document    text not null,           -- JSON {"groups": [...], "categories": [...]}
    note        text,
    changed_by  text not null,
    changed_at  timestamptz not null
);
