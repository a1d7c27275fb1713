-- bench/live/run's users: live1..live250, with the password of the seed's demo user susan ("microblog"), and a
-- notification for each of the first 50 (what bench/web/run's /notifications load reads).
INSERT INTO users (user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash,
                   security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled,
                   access_failed_count)
SELECT name, upper(name), name || '@example.test', upper(name) || '@EXAMPLE.TEST', true, s.password_hash,
       md5(name), md5(name || 'c'), false, false, true, 0
FROM (SELECT 'live' || g AS name FROM generate_series(1, 250) g) n,
     (SELECT password_hash FROM users WHERE user_name = 'susan') s;

INSERT INTO notifications (name, user_id, timestamp, payload_json)
SELECT 'unread_message_count', id, extract(epoch FROM now()), '1' FROM users
WHERE user_name IN (SELECT 'live' || g FROM generate_series(1, 50) g);

VACUUM ANALYZE;
