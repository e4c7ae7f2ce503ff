// The table between Desktop's service action names and the model's ServiceAction convention.

/**
 * How one Desktop action maps onto a ServiceAction. `type` is the snake_case Telegram
 * MessageAction constructor name without the prefix (messageActionChatCreate -> 'chat_create'),
 * the convention of the live export. The other fields name Desktop keys: `title`, `users`
 * (a list of display names) and `messageId` feed those ServiceAction fields; `values` copies
 * Desktop keys into `values` under the mtcute argument names telegram/map/action.ts uses
 * (a peer as `<x>Id` bare id + `<x>Name`); `fixed` values tell variants apart.
 */
export interface ActionSpec {
  action: string
  type: string
  title?: string
  users?: string
  messageId?: string
  values?: Record<string, string>
  fixed?: Record<string, boolean>
}

// Names as written by tdesktop's export_output_json.cpp across versions.
export const ACTION_SPECS: ActionSpec[] = [
  { action: 'create_group', type: 'chat_create', title: 'title', users: 'members' },
  { action: 'edit_group_title', type: 'chat_edit_title', title: 'title' },
  { action: 'edit_group_photo', type: 'chat_edit_photo' },
  { action: 'delete_group_photo', type: 'chat_delete_photo' },
  { action: 'invite_members', type: 'chat_add_user', users: 'members' },
  { action: 'remove_members', type: 'chat_delete_user', users: 'members' },
  { action: 'join_group_by_link', type: 'chat_joined_by_link', values: { inviter: 'inviterName' } },
  { action: 'join_group_by_request', type: 'chat_joined_by_request' },
  { action: 'create_channel', type: 'channel_create', title: 'title' },
  { action: 'migrate_to_supergroup', type: 'chat_migrate_to' },
  { action: 'migrate_from_group', type: 'channel_migrate_from', title: 'title' },
  { action: 'pin_message', type: 'pin_message', messageId: 'message_id' },
  { action: 'clear_history', type: 'history_clear' },
  { action: 'score_in_game', type: 'game_score', messageId: 'game_message_id', values: { score: 'score' } },
  { action: 'send_payment', type: 'payment_sent', messageId: 'invoice_message_id', values: { amount: 'totalAmount', currency: 'currency', recurring: 'recurring' } },
  { action: 'refunded_payment', type: 'payment_refunded', values: { amount: 'totalAmount', currency: 'currency', peer_name: 'peerName', peer_id: 'peerId' } },
  { action: 'phone_call', type: 'phone_call', values: { duration_seconds: 'duration', discard_reason: 'reason' } },
  { action: 'take_screenshot', type: 'screenshot_taken' },
  { action: 'allow_sending_messages', type: 'bot_allowed', values: { reason_domain: 'domain', reason_app_id: 'appId', reason_app_name: 'app' } },
  { action: 'attach_menu_bot_allowed', type: 'bot_allowed', fixed: { attachMenu: true } },
  { action: 'web_app_bot_allowed', type: 'bot_allowed', fixed: { fromRequest: true } },
  { action: 'send_passport_values', type: 'secure_values_sent', values: { values: 'values' } },
  { action: 'joined_telegram', type: 'contact_sign_up' },
  { action: 'proximity_reached', type: 'geo_proximity_reached', values: { from: 'fromName', from_id: 'fromId', to: 'toName', to_id: 'toId', distance: 'distance' } },
  { action: 'requested_phone_number', type: 'requested_phone_number' },
  { action: 'group_call', type: 'group_call', values: { duration: 'duration' } },
  { action: 'invite_to_group_call', type: 'invite_to_group_call', users: 'members' },
  { action: 'set_messages_ttl', type: 'set_messages_ttl', values: { period: 'period' } },
  { action: 'group_call_scheduled', type: 'group_call_scheduled', values: { schedule_date: 'scheduleDate' } },
  { action: 'edit_chat_theme', type: 'set_chat_theme', values: { emoticon: 'emoticon' } },
  // Desktop writes the web-app text under "text", which collides with the message text key.
  { action: 'send_webview_data', type: 'web_view_data_sent' },
  { action: 'send_premium_gift', type: 'gift_premium', values: { cost: 'cost', months: 'months' } },
  { action: 'topic_created', type: 'topic_create', title: 'title' },
  { action: 'topic_edit', type: 'topic_edit', title: 'new_title', values: { new_icon_emoji_id: 'iconEmojiId' } },
  { action: 'suggest_profile_photo', type: 'suggest_profile_photo' },
  { action: 'requested_peer', type: 'requested_peer', values: { button_id: 'buttonId', peer_id: 'peerId', peers: 'peers' } },
  { action: 'gift_code_prize', type: 'gift_code', values: { gift_code: 'slug', boost_peer_id: 'boostPeerId', months: 'months', unclaimed: 'unclaimed', via_giveaway: 'viaGiveaway' } },
  { action: 'giveaway_launch', type: 'giveaway_launch' },
  { action: 'giveaway_results', type: 'giveaway_results', values: { winners: 'winnersCount', unclaimed: 'unclaimedCount', stars: 'stars' } },
  { action: 'set_chat_wallpaper', type: 'set_chat_wall_paper', messageId: 'message_id' },
  { action: 'set_same_chat_wallpaper', type: 'set_chat_wall_paper', messageId: 'message_id', fixed: { same: true } },
  { action: 'boost_apply', type: 'boost_apply', values: { boosts: 'boosts' } },
  { action: 'send_stars_gift', type: 'gift_stars', values: { cost: 'cost', stars: 'stars' } },
  { action: 'stars_prize', type: 'prize_stars', values: { stars: 'stars', boost_peer_id: 'boostPeerId', boost_peer_name: 'boostPeerName', giveaway_msg_id: 'giveawayMsgId', is_unclaimed: 'unclaimed' } },
  { action: 'send_star_gift', type: 'star_gift', values: { gift_id: 'giftId', stars: 'giftStars', is_limited: 'limited', is_anonymous: 'nameHidden' } },
]

export const SPEC_BY_ACTION = new Map(ACTION_SPECS.map((s) => [s.action, s]))

/** Type of a custom action (`information_text` without `action`) and of unknown actions. */
export const CUSTOM_ACTION = 'custom_action'
export const UNKNOWN_PREFIX = 'Unknown service action: '
