-- One database per Huying component, plus Keycloak's. Run by the postgres image on its first start
-- (empty data volume) as POSTGRES_USER, who owns them; later starts leave existing data alone.
CREATE DATABASE intake;
CREATE DATABASE dispatch;
CREATE DATABASE response;
CREATE DATABASE feedback;
CREATE DATABASE sla;
CREATE DATABASE notify;
CREATE DATABASE gateway;
CREATE DATABASE keycloak;
