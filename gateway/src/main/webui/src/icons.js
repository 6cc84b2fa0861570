import {
  Bell, Box, Calendar, ChatLineRound, Checked, DataAnalysis, DataBoard, Document, EditPen, Files,
  Finished, Flag, Histogram, House, List, Location, Menu, Message, Odometer, OfficeBuilding, Phone,
  Position, PieChart, Promotion, Search, Setting, Share, Stamp, Switch, Tickets, Timer, TrendCharts,
  User, UserFilled, Warning, WarningFilled,
} from '@element-plus/icons-vue'

/**
 * Icons a route's meta.menu.icon may name as a string. A workspace that needs another icon can
 * import it from @element-plus/icons-vue and put the component itself in meta.menu.icon.
 */
export const icons = {
  Bell, Box, Calendar, ChatLineRound, Checked, DataAnalysis, DataBoard, Document, EditPen, Files,
  Finished, Flag, Histogram, House, List, Location, Menu, Message, Odometer, OfficeBuilding, Phone,
  Position, PieChart, Promotion, Search, Setting, Share, Stamp, Switch, Tickets, Timer, TrendCharts,
  User, UserFilled, Warning, WarningFilled,
}

export function iconOf(icon) {
  if (!icon) return Menu
  return typeof icon === 'string' ? icons[icon] || Menu : icon
}
