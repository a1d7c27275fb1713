-- bench/web/run's data: 1,000 authors with 1,000 posts each (1M posts, a post a minute per author), a reader who
-- follows 100 of them, a loner who follows nobody (and posted long ago), and a notification for each of the first
-- 50 authors. Every bench user gets the password of the seed's demo user susan ("microblog").
INSERT INTO users (user_name, normalized_user_name, email, normalized_email, email_confirmed, password_hash,
                   security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled,
                   access_failed_count)
SELECT name, upper(name), name || '@example.test', upper(name) || '@EXAMPLE.TEST', true, s.password_hash,
       md5(name), md5(name || 'c'), false, false, true, 0
FROM (SELECT 'bench' || g AS name FROM generate_series(1, 1000) g
      UNION ALL SELECT 'reader' UNION ALL SELECT 'loner') n,
     (SELECT password_hash FROM users WHERE user_name = 'susan') s;

INSERT INTO posts (body, timestamp, user_id)
SELECT 'Post ' || g || ' of the benchmark, ' || left(md5(g::text), 1 + g % 32), now() - (g / 1000) * interval '1 minute',
       a.first + g % 1000
FROM generate_series(0, 999999) g, (SELECT min(id) AS first FROM users WHERE user_name LIKE 'bench%') a;
INSERT INTO posts (body, timestamp, user_id)
SELECT 'An old post by the loner', now() - interval '2 years', id FROM users WHERE user_name = 'loner';

INSERT INTO followers (follower_id, followed_id)
SELECT r.id, b.id FROM users r, users b
WHERE r.user_name = 'reader' AND b.user_name IN (SELECT 'bench' || g FROM generate_series(1, 100) g);

INSERT INTO notifications (name, user_id, timestamp, payload_json)
SELECT 'unread_message_count', id, extract(epoch FROM now()), '1' FROM users
WHERE user_name IN (SELECT 'bench' || g FROM generate_series(1, 50) g);

VACUUM ANALYZE;
