-- Reference data managed in the product, one table for every document intake owns — the category catalogue
-- (派单目录, kind 'catalogue', until now in V12's table) and the org tree (组织架构, kind 'org-tree'): every version
-- an administrator puts in force, whole (as JSON), with who, when and why; the latest revision of a kind is in
-- force. Revision 1 of each is the file shipped with the build, stored at the first start. Nothing a version held
-- is ever removed by a later one (a category is retired, a unit kept): calls, tasks and rules name them.
create table reference_version (
    kind        text not null check (kind in ('catalogue', 'org-tree')),
    revision    integer not null,
    version     text not null,
    content     text not null,
    note        text,
    changed_by  text not null,
    changed_at  timestamptz not null,
    primary key (kind, revision),
    unique (kind, version)
);

insert into reference_version (kind, revision, version, content, note, changed_by, changed_at)
select 'catalogue', revision, version, document, note, changed_by, changed_at from category_catalogue_version;

drop table category_catalogue_version;
